package dev.backflow.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One fork of the gate, a child JVM the gate starts ({@link GateForks}): loads one Backflow build from its
 * jars ({@link JarBuild}) and measures each row in turn. Per row: a check of the build's result, a warm-up until
 * the iterations stop falling ({@link GateWarmup}) or the cap, the measured iterations of a fixed number of
 * calls with both probes read before the first and after each, and the check again. Writes
 * {@link GateData.Fork} as JSON to --out. Exit 0 when done; 1 with one line on stderr when a check fails or a
 * kernel throws; 2 with one line on bad arguments.
 *
 * <p>Arguments: {@code --build DIR --side base|cand --pair N --rows LIST --iterations N --iteration-ms MS
 * --probe-ms MS --warmup-cap-ms MS [--extra ROW=PCT] --out FILE}. {@code --extra} is {@link GateExtra}, the
 * test device that makes this fork do PCT% more of the named rows' work.
 */
final class GateFork {
    private GateFork() {}

    public static void main(String[] args) {
        System.exit(run(List.of(args)));
    }

    static int run(List<String> argList) {
        List<String> args = new ArrayList<>(argList);
        try {
            String dir = required(args, "--build");
            String side = required(args, "--side");
            int pair = (int) PairedPlan.whole("--pair", required(args, "--pair"), 1, 1_000_000);
            List<GateRow> rows = GateRow.parse("--rows", required(args, "--rows"));
            int iterations = (int) PairedPlan.whole("--iterations", required(args, "--iterations"), 1, 100_000);
            double iterationMs = PairedPlan.millis("--iteration-ms", required(args, "--iteration-ms"));
            double probeMs = PairedPlan.millis("--probe-ms", required(args, "--probe-ms"));
            double capMs = PairedPlan.millis("--warmup-cap-ms", required(args, "--warmup-cap-ms"));
            GatePlan.Extra extra = GatePlan.Extra.parse(RunPlan.option(args, "--extra", "none=0"));
            Path out = Path.of(required(args, "--out"));
            if (!args.isEmpty()) {
                throw new BadInput("unknown arguments " + args);
            }
            long started = System.currentTimeMillis();
            JarBuild build = JarBuild.load("--build", dir);
            List<GateData.Row> measured = new ArrayList<>();
            try (GateProbes probes = new GateProbes(probeMs)) {
                for (GateRow row : rows) {
                    GateWorkload w = GateWorkload.of(row, build);
                    GateExtra e = new GateExtra(extra.pct(row));
                    measured.add(row(row, w, e, probes, iterations, iterationMs, capMs));
                }
            }
            GateData.write(out, new GateData.Fork(side, pair, started, build.label(), measured));
            return 0;
        } catch (BadInput e) {
            System.err.println("gate fork: " + Markdown.oneLine(e.getMessage()));
            return 2;
        } catch (Exception | Error e) { // anything at all: one line for the gate to pass on, never a trace
            String why = e instanceof IllegalStateException && e.getMessage() != null ? e.getMessage() : e.toString();
            System.err.println("gate fork: " + Markdown.oneLine(Run.firstLine(why)));
            return 1;
        }
    }

    private static GateData.Row row(GateRow row, GateWorkload w, GateExtra extra, GateProbes probes,
                                    int iterations, double iterationMs, double capMs) {
        w.check(row.id() + " before the warm-up");
        List<Double> warm = new ArrayList<>();
        long begin = System.nanoTime();
        long cap = begin + (long) (capMs * 1e6);
        int calls = 1;
        boolean settled = false;
        while (!settled && System.nanoTime() < cap) {
            double t = time(w, extra, calls);
            warm.add(t);
            calls = calls(iterationMs, t);
            settled = GateWarmup.settled(warm);
        }
        double warmupMs = (System.nanoTime() - begin) / 1e6;
        w.check(row.id() + " after the warm-up");
        double[] nanos = new double[iterations];
        double[] fma = new double[iterations + 1];
        double[] bandwidth = new double[iterations + 1];
        fma[0] = probes.fma();
        bandwidth[0] = probes.bandwidth();
        for (int i = 0; i < iterations; i++) {
            nanos[i] = time(w, extra, calls);
            fma[i + 1] = probes.fma();
            bandwidth[i + 1] = probes.bandwidth();
        }
        w.check(row.id() + " after the last iteration");
        return new GateData.Row(row.id(), warmupMs, warm.size(), settled, calls, nanos, fma, bandwidth);
    }

    /** Nanoseconds per call over a batch of that many calls, the extra calls of the test device included. */
    private static double time(GateWorkload w, GateExtra extra, int calls) {
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            w.call();
            for (int e = extra.next(); e > 0; e--) {
                w.call();
            }
        }
        return Math.max(1, System.nanoTime() - start) / (double) calls;
    }

    private static int calls(double iterationMs, double nanosPerCall) {
        return (int) Math.max(1, Math.min(10_000_000, Math.round(iterationMs * 1e6 / nanosPerCall)));
    }

    private static String required(List<String> args, String option) {
        String v = RunPlan.option(args, option, null);
        if (v == null) {
            throw new BadInput(option + " is missing");
        }
        return v;
    }
}
