package dev.backflow.bench.gate;

import dev.backflow.bench.harness.OutputDir;
import dev.backflow.bench.report.Markdown;
import dev.backflow.bench.report.Units;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code gate} command: pairs of base and candidate, each pair one child JVM ({@link GateForks},
 * {@link GateFork}) that loads both builds (which one first drawn from the seed) and measures them in
 * interleaved rounds (each round's order drawn from the seed), so that both sides see the same state of a shared
 * machine; then each row judged from the pairs ({@link GateStats}), the report written to DIR/gate.md and
 * DIR/gate.tsv (the forks' data and logs under DIR/forks) and printed. Exit status: 0 no regression; 1 a
 * regression, or a fork failed (one line says which and why); 2 bad input (one line); 3 no regression, but the
 * probes show the machine changed too much to judge some row (one line says so).
 */
public final class Gate {
    private Gate() {}

    public static int run(List<String> args, PrintStream out, PrintStream err) throws IOException {
        GatePlan plan = GatePlan.parse(args);
        Path target = OutputDir.prepare(plan.out());
        List<Boolean> baseFirst = GatePlan.baseFirst(plan.seed(), plan.pairs());
        out.printf(Locale.ROOT, "gate: base %s, candidate %s; %d rows, %d pairs; seed %d (--seed %d repeats the "
                + "order)%n", plan.base(), plan.cand(), plan.rows().size(), plan.pairs(), plan.seed(), plan.seed());
        GateForks forks = new GateForks(plan, target.resolve("forks"));
        List<GateData.Fork[]> pairs = new ArrayList<>();
        List<String> order = new ArrayList<>();
        long start = System.nanoTime();
        try {
            for (int p = 1; p <= plan.pairs(); p++) {
                boolean bf = baseFirst.get(p - 1);
                pairs.add(forks.run(p, bf ? "base" : "cand", plan.seed() + p));
                order.add(bf ? "BC" : "CB");
                out.printf(Locale.ROOT, "gate: pair %d of %d: %s loaded first, rounds interleaved; %.0f s elapsed%n",
                        p, plan.pairs(), bf ? "base" : "cand", (System.nanoTime() - start) / 1e9);
                out.flush();
            }
        } catch (IllegalStateException e) {
            err.println("gate: " + Markdown.oneLine(e.getMessage()));
            return 1;
        }
        List<GateStats.Row> rows = new ArrayList<>();
        for (int i = 0; i < plan.rows().size(); i++) {
            int row = i;
            List<GateData.Row[]> data = pairs.stream()
                    .map(f -> new GateData.Row[] {f[0].rows().get(row), f[1].rows().get(row)}).toList();
            rows.add(GateStats.row(plan.rows().get(i), data, plan.thresholdPct(), plan.steadyPct()));
        }
        String md = GateReport.markdown(plan, rows, order, (System.nanoTime() - start) / 1e9);
        GateReport.write(target, md, GateReport.tsv(plan, rows));
        out.print(md);
        out.println("Report: " + target.resolve("gate.md") + " (gate.tsv beside it, the forks under forks/)");
        int status = GateStats.exitStatus(rows, plan.judge());
        if (status == 3) {
            List<String> lost = rows.stream().filter(r -> r.verdict(plan.judge()).equals(GateStats.CANNOT_JUDGE))
                    .map(r -> r.row().id()).toList();
            err.println("gate: the machine changed too much to judge " + String.join(", ", lost) + ": the probes "
                    + "moved by more than " + Units.significant(plan.steadyPct(), 3) + "% during most iterations of "
                    + "too many pairs; rerun on a steadier machine");
        }
        return status;
    }
}
