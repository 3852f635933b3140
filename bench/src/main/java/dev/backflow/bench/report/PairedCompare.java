package dev.backflow.bench.report;

import dev.backflow.bench.harness.BadInput;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * compare's view of two paired runs: each row's A/B of the baseline and of the candidate side by side, per
 * state. It shows, it does not judge: the gate's verdicts and exit status come from the JMH rows alone, and
 * compare on two paired files alone exits 0 once both are usable.
 */
public final class PairedCompare {
    private PairedCompare() {}

    /** compare BASE/paired.json NEW/paired.json: the side-by-side table; 0, or {@link BadInput}. */
    public static int run(List<Path> base, List<Path> next, PrintStream out) {
        if (base.size() != 1 || next.size() != 1) {
            throw new BadInput("compare takes one paired file on each side, not " + base.size() + " and "
                    + next.size());
        }
        PairedAnalysis.RunResult b = PairedAnalysis.analyse(PairedData.read(base.get(0)));
        PairedAnalysis.RunResult n = PairedAnalysis.analyse(PairedData.read(next.get(0)));
        out.print(markdown(b, n));
        return 0;
    }

    /**
     * Where the first results file of each side has a paired.json beside it, the side-by-side table, to print
     * after the gate's (read and checked before the gate prints anything); otherwise "".
     */
    static String beside(List<Path> baseResults, List<Path> nextResults) {
        Path b = baseResults.get(0).toAbsolutePath().resolveSibling(PairedReport.FILE);
        Path n = nextResults.get(0).toAbsolutePath().resolveSibling(PairedReport.FILE);
        if (!Files.isRegularFile(b) || !Files.isRegularFile(n)) {
            return "";
        }
        return "\n" + markdown(PairedAnalysis.analyse(PairedData.read(b)), PairedAnalysis.analyse(PairedData.read(n)));
    }

    static String markdown(PairedAnalysis.RunResult base, PairedAnalysis.RunResult next) {
        StringBuilder md = new StringBuilder("### Paired ratios, baseline and candidate\n\n");
        PairedData.Run b = base.run();
        PairedData.Run n = next.run();
        md.append("Baseline: A = ").append(b.aLabel()).append(", B = ").append(b.bLabel()).append(" (")
                .append(Report.caption(b.environment())).append(").\n");
        md.append("Candidate: A = ").append(n.aLabel()).append(", B = ").append(n.bLabel()).append(" (")
                .append(Report.caption(n.environment())).append(").\n\n");
        if (!b.a().equals(n.a()) || !b.b().equals(n.b())) {
            md.append("Note: the two runs paired different sides (`").append(b.a()).append("`/`").append(b.b())
                    .append("` and `").append(n.a()).append("`/`").append(n.b()).append("`).\n\n");
        }
        String bo = offsets(b);
        String no = offsets(n);
        if (!bo.equals(no)) {
            md.append("Note: the baseline's operands were at offsets `").append(bo).append("`, the candidate's at `")
                    .append(no).append("` (paired --offsets): where a kernel reads an operand in place, its alignment ")
                    .append("alone can move a ratio.\n\n");
        } else if ("swept".equals(bo) && newArrays(b) != newArrays(n)) {
            md.append("Note: the ").append(newArrays(b) ? "baseline" : "candidate").append(" drew its operands into ")
                    .append("new arrays every round, the ").append(newArrays(b) ? "candidate" : "baseline")
                    .append(" moved them within the same arrays (paired since e2f1476).\n\n");
        }
        md.append(String.format(Locale.ROOT, "A/B = speed(A) / speed(B), the median over each state's rounds with "
                + "its %d%% interval (see the report's *Paired measurement*); each run's states come from its "
                + "own probe. Shown, not judged: compare's exit status comes from the JMH rows.%n%n",
                PairedAnalysis.CONFIDENCE_PCT));
        md.append("| threads | shape (m×k×n) | product | state | baseline A/B | candidate A/B | candidate / baseline "
                + "| rounds (baseline, candidate) |\n|---:|---|---|---|---:|---:|---:|---:|\n");
        Map<String, PairedAnalysis.RowResult> nextRows = new LinkedHashMap<>();
        next.rows().forEach(r -> nextRows.put(r.row().key(), r));
        List<String> onlyOne = new ArrayList<>();
        for (PairedAnalysis.RowResult br : base.rows()) {
            PairedAnalysis.RowResult nr = nextRows.remove(br.row().key());
            if (nr == null) {
                onlyOne.add("only in the baseline: " + br.row().key());
                continue;
            }
            state(md, br, nr, "fast", PairedAnalysis.RowResult::fast);
            state(md, br, nr, "slow", PairedAnalysis.RowResult::slow);
            state(md, br, nr, "all", PairedAnalysis.RowResult::all);
        }
        nextRows.keySet().forEach(k -> onlyOne.add("only in the candidate: " + k));
        if (!onlyOne.isEmpty()) {
            md.append("\nRows not compared: ").append(String.join("; ", onlyOne)).append(".\n");
        }
        return md.toString();
    }

    private static void state(StringBuilder md, PairedAnalysis.RowResult base, PairedAnalysis.RowResult next,
                              String state, Function<PairedAnalysis.RowResult, PairedAnalysis.Summary> f) {
        PairedAnalysis.Summary b = f.apply(base);
        PairedAnalysis.Summary n = f.apply(next);
        PairedData.Row row = base.row();
        md.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %s | %s | %s | %d, %d |%n", row.threads(),
                Report.shapeLabel(row.shape()), row.product(), state, PairedReport.ratio(b), PairedReport.ratio(n),
                b == null || n == null ? "–"
                        : String.format(Locale.ROOT, "%.3f×", n.ratio().median() / b.ratio().median()),
                b == null ? 0 : b.rounds(), n == null ? 0 : n.rounds()));
    }

    /** Whether a swept run drew its operands into new arrays every round (runs since e2f1476 say so). */
    private static boolean newArrays(PairedData.Run run) {
        return "new".equals(run.settings().get("arraysPerDraw"));
    }

    /** A run's --offsets ("zero" for runs from before the option). */
    private static String offsets(PairedData.Run run) {
        return String.valueOf(run.settings().getOrDefault("offsets", "zero"));
    }
}
