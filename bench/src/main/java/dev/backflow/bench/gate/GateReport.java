package dev.backflow.bench.gate;

import dev.backflow.bench.report.Units;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The gate's report: gate.md (a summary line, then per row the normalised and the raw judgement, the steady
 * pairs and the warm-up each row took) and gate.tsv (one line per row, tab-separated, for scripts such as
 * scripts/gate-power.sh: row, verdict, then ratio, half-width in percent and verdict, normalised and raw).
 */
final class GateReport {
    private GateReport() {}

    static final String TSV_HEADER = "row\tverdict\tnormRatio\tnormHalfWidthPct\tnormVerdict\trawRatio"
            + "\trawHalfWidthPct\trawVerdict\tsteadyPairs\tpairs";

    static String markdown(GatePlan plan, List<GateStats.Row> rows, List<String> order, double seconds) {
        StringBuilder md = new StringBuilder();
        long regressions = count(rows, plan.judge(), GateStats.REGRESSION);
        long improvements = count(rows, plan.judge(), GateStats.IMPROVEMENT);
        long unjudged = count(rows, plan.judge(), GateStats.CANNOT_JUDGE);
        md.append(String.format(Locale.ROOT, "### Gate: %d regression%s, %d improvement%s, %d unchanged, %d cannot "
                        + "judge (%s time)%n%n", regressions, regressions == 1 ? "" : "s", improvements,
                improvements == 1 ? "" : "s", rows.size() - regressions - improvements - unjudged, unjudged,
                plan.judge()));
        md.append(String.format(Locale.ROOT, "Base %s, candidate %s%s. %d pairs, each one JVM measuring both "
                        + "in interleaved rounds, the build loaded first: %s (seed %d); %d rounds of %s ms per side "
                        + "per row; threshold %s%%; %.0f s in all.%n%n",
                plan.base(), plan.cand(), plan.extra().none() ? ""
                        : " with the test device --cand-extra " + plan.extra().spec(), plan.pairs(),
                String.join(" ", order), plan.seed(), plan.iterations(), Units.significant(plan.iterationMs(), 3),
                Units.significant(plan.thresholdPct(), 3), seconds));
        md.append("| row | probe | normalised cand/base | 95% interval | verdict | raw cand/base | 95% interval "
                + "| verdict | steady pairs | warm-up median (max), s |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (GateStats.Row r : rows) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s%s | %s | %s | %s | %d of %d | %.2f (%.2f)%s"
                            + " |%n", r.row().id(), r.row().bound(), change(r.normalised().ratio()),
                    interval(r.normalised()), bold(r.normalised().verdict()), plan.judge().equals("normalised")
                            ? "" : " (not judged)", change(r.raw().ratio()), interval(r.raw()),
                    bold(r.raw().verdict()), r.normalised().pairs(), r.raw().pairs(),
                    GateStats.median(r.warmupMs()) / 1e3, max(r.warmupMs()) / 1e3,
                    r.capped() == 0 ? "" : ", " + r.capped() + " at the cap"));
        }
        md.append("\nNormalised: each iteration's time × the bounding probe's reading around it (FMA GFLOP/s for "
                + "matmul, bandwidth GB/s for elementwise), steady iterations only. Verdict: regression when the "
                + "whole interval lies above 0 and the estimate above +threshold; improvement the mirror image.\n");
        return md.toString();
    }

    static String tsv(GatePlan plan, List<GateStats.Row> rows) {
        StringBuilder t = new StringBuilder(TSV_HEADER).append('\n');
        for (GateStats.Row r : rows) {
            t.append(String.format(Locale.ROOT, "%s\t%s\t%.4f\t%.2f\t%s\t%.4f\t%.2f\t%s\t%d\t%d%n", r.row().id(),
                    r.verdict(plan.judge()), r.normalised().ratio(), r.normalised().halfWidthPct(),
                    r.normalised().verdict(), r.raw().ratio(), r.raw().halfWidthPct(), r.raw().verdict(),
                    r.normalised().pairs(), r.raw().pairs()));
        }
        return t.toString();
    }

    static void write(Path dir, String md, String tsv) throws IOException {
        Files.writeString(dir.resolve("gate.md"), md);
        Files.writeString(dir.resolve("gate.tsv"), tsv);
    }

    private static long count(List<GateStats.Row> rows, String judge, String verdict) {
        return rows.stream().filter(r -> r.verdict(judge).equals(verdict)).count();
    }

    private static String change(double ratio) {
        return Double.isNaN(ratio) ? "–" : String.format(Locale.ROOT, "%+.1f%%", (ratio - 1) * 100);
    }

    private static String interval(GateStats.Estimate e) {
        return Double.isNaN(e.lo()) ? "–" : change(e.lo()) + " to " + change(e.hi());
    }

    private static String bold(String verdict) {
        return verdict.equals(GateStats.UNCHANGED) ? verdict : "**" + verdict + "**";
    }

    private static double max(double[] x) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            m = Math.max(m, v);
        }
        return m;
    }
}
