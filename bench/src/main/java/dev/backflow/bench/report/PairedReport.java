package dev.backflow.bench.report;


import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The paired measurement's report section (a table and a chart per thread count, from {@link PairedAnalysis}),
 * and its side-by-side view in compare. The section is written as paired.md beside paired.json, and appended
 * to report.md when a run's results.json has a paired.json beside it.
 */
public final class PairedReport {
    private PairedReport() {}

    public static final String FILE = "paired.json";

    /** The report command on a paired.json: paired.md and the charts into outDir, printed. */
    public static int run(Path pairedFile, Path outDir, PrintStream out) throws IOException {
        Map<String, String> charts = new LinkedHashMap<>();
        String md = markdown(PairedAnalysis.analyse(PairedData.read(pairedFile)), charts);
        write(outDir, "paired.md", md, charts);
        out.print(md);
        out.println();
        out.println("Report: " + outDir.resolve("paired.md") + " (charts beside it)");
        return 0;
    }

    /** Writes the markdown under that name and the charts into dir. */
    public static void write(Path dir, String name, String md, Map<String, String> charts) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name), md);
        for (Map.Entry<String, String> c : charts.entrySet()) {
            Files.writeString(dir.resolve(c.getKey()), c.getValue());
        }
    }

    /** The paired section for the paired.json beside a results file, its charts added; "" when there is none. */
    static String beside(Path resultsFile, Map<String, String> charts) {
        Path paired = resultsFile.toAbsolutePath().resolveSibling(FILE);
        if (!Files.isRegularFile(paired)) {
            return "";
        }
        return markdown(PairedAnalysis.analyse(PairedData.read(paired)), charts);
    }

    public static String markdown(PairedAnalysis.RunResult result, Map<String, String> charts) {
        PairedData.Run run = result.run();
        String caption = Report.caption(run.environment());
        StringBuilder md = new StringBuilder();
        md.append("### Paired measurement: ").append(run.aLabel()).append(" against ").append(run.bLabel())
                .append("\n\n").append(caption).append("\n\n");
        md.append(String.format(Locale.ROOT, """
                A = %s (`%s`), B = %s (`%s`). Both ran in one JVM, alternately: each round times a batch of A's \
                calls and a batch of B's, in random order, and A/B = speed(A) / speed(B) = B's time / A's time is \
                taken per round, so the machine's drift between rounds cancels. An FMA probe (%s) read before and \
                after every round tells the machine's state: the run's high probe is the %s quantile of its \
                readings, %.1f GFLOP/s, and a reading of at least %s × that (%.1f GFLOP/s) is fast. A round is \
                fast when both its readings are, slow when neither is, and mixed when the state changed during it \
                (counted in "all" only). A/B is the median over the rounds, with its %d%% percentile-bootstrap \
                interval; GFLOP/s are medians over the same rounds. Each side's result was checked against the \
                scalar kernels after the warm-up and after the last round.

                """, run.aLabel(), run.a(), run.bLabel(), run.b(),
                run.environment().getOrDefault("probe", "register-only FMAs"),
                Units.significant(PairedAnalysis.HIGH_QUANTILE, 3), result.highProbe(),
                Units.significant(PairedAnalysis.FAST_FRACTION, 3), result.threshold(), PairedAnalysis.CONFIDENCE_PCT));
        if ("swept".equals(run.settings().get("offsets"))) {
            md.append("""
                    Offsets swept: every operand lay at an offset into an array 14 floats longer, an even number of \
                    floats from 0 to 14 drawn for each operand before the warm-up and before each round, both sides \
                    reading and writing the same arrays, so the rounds sample every alignment of the operands to a \
                    64-byte line rather than the one the allocator gave this JVM.""");
            md.append("new".equals(run.settings().get("arraysPerDraw")) ? " Each draw put every operand in a new "
                    + "array, so where the arrays lie in memory may change from round to round as well." : "");
            md.append(" Each check ran on fresh copies at the offsets then drawn, NaN around every operand.");
            md.append(run.settings().containsKey("untimedCalls") ? " After each draw both sides were called once, "
                    + "untimed, and the probe read again.\n\n" : "\n\n");
        }
        for (int threads : threadCounts(result)) {
            md.append("#### ").append(threads).append(threads == 1 ? " thread" : " threads").append("\n\n");
            md.append("| shape (m×k×n) | product | rounds fast / slow / mixed | A/B fast | A/B slow | A/B all "
                    + "| A GFLOP/s fast / slow | B GFLOP/s fast / slow | probe GFLOP/s fast / slow |\n");
            md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
            List<String> categories = new ArrayList<>();
            List<PairedAnalysis.RowResult> rows = result.rows().stream()
                    .filter(r -> r.row().threads() == threads).toList();
            for (PairedAnalysis.RowResult r : rows) {
                PairedData.Row row = r.row();
                categories.add(Report.shapeLabel(row.shape()) + " " + row.product());
                md.append(String.format(Locale.ROOT, "| %s | %s | %d / %d / %d | %s | %s | %s | %s | %s | %s |%n",
                        Report.shapeLabel(row.shape()), product(row.product()), r.count(PairedAnalysis.State.FAST),
                        r.count(PairedAnalysis.State.SLOW), r.count(PairedAnalysis.State.MIXED), ratio(r.fast()),
                        ratio(r.slow()), ratio(r.all()), pair(r.fast(), r.slow(), PairedAnalysis.Summary::aGflops),
                        pair(r.fast(), r.slow(), PairedAnalysis.Summary::bGflops),
                        pair(r.fast(), r.slow(), PairedAnalysis.Summary::probeGflops)));
            }
            String file = "paired-t" + threads + ".svg";
            charts.put(file, Svg.intervalBars("A/B per row: " + run.aLabel() + " / " + run.bLabel() + ", " + threads
                            + (threads == 1 ? " thread" : " threads"), "row (shape m×k×n, product)",
                    "speed A / speed B (median, " + PairedAnalysis.CONFIDENCE_PCT + "% interval)", categories,
                    List.of(series("fast state", rows, PairedAnalysis.RowResult::fast),
                            series("slow state", rows, PairedAnalysis.RowResult::slow),
                            series("all rounds", rows, PairedAnalysis.RowResult::all)),
                    1, "equal speed", caption));
            md.append("\n![paired ratios, ").append(threads).append(threads == 1 ? " thread" : " threads")
                    .append("](").append(file).append(")\n\n");
        }
        return md.toString();
    }

    private static List<Integer> threadCounts(PairedAnalysis.RunResult result) {
        return result.rows().stream().map(r -> r.row().threads()).distinct().toList();
    }

    private static String product(String p) {
        return switch (p) {
            case "dX" -> "dX = dY·Wᵀ";
            case "dW" -> "dW = Xᵀ·dY";
            case "NN" -> "C += A·B";
            case "NT" -> "C += A·Bᵀ";
            case "TN" -> "C += Aᵀ·B";
            case "TT" -> "C += Aᵀ·Bᵀ";
            default -> "both";
        };
    }

    /** "0.84 (0.82–0.86)", "0.84" without an interval, "–" without rounds. */
    static String ratio(PairedAnalysis.Summary s) {
        if (s == null) {
            return "–";
        }
        PairedAnalysis.Interval i = s.ratio();
        return Double.isNaN(i.lo()) ? String.format(Locale.ROOT, "%.3f", i.median())
                : String.format(Locale.ROOT, "%.3f (%.3f–%.3f)", i.median(), i.lo(), i.hi());
    }

    private static String pair(PairedAnalysis.Summary fast, PairedAnalysis.Summary slow,
                               java.util.function.ToDoubleFunction<PairedAnalysis.Summary> f) {
        return (fast == null ? "–" : String.format(Locale.ROOT, "%.1f", f.applyAsDouble(fast))) + " / "
                + (slow == null ? "–" : String.format(Locale.ROOT, "%.1f", f.applyAsDouble(slow)));
    }

    private static Svg.IntervalSeries series(String name, List<PairedAnalysis.RowResult> rows,
                                             java.util.function.Function<PairedAnalysis.RowResult,
                                                     PairedAnalysis.Summary> state) {
        double[] v = new double[rows.size()];
        double[] lo = new double[rows.size()];
        double[] hi = new double[rows.size()];
        for (int i = 0; i < v.length; i++) {
            PairedAnalysis.Summary s = state.apply(rows.get(i));
            v[i] = s == null ? Double.NaN : s.ratio().median();
            lo[i] = s == null ? Double.NaN : s.ratio().lo();
            hi[i] = s == null ? Double.NaN : s.ratio().hi();
        }
        return new Svg.IntervalSeries(name, v, lo, hi);
    }
}
