package dev.backflow.bench.gate;

import dev.backflow.bench.harness.Args;
import dev.backflow.bench.harness.BadInput;
import dev.backflow.bench.harness.JarBuild;
import dev.backflow.bench.report.Markdown;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One pair of the gate, a child JVM the gate starts ({@link GateForks}): loads both Backflow builds from their
 * jars ({@link JarBuild}), each by a class loader of its own, the one {@code --first} names first, and measures
 * each row on both, interleaved. Per row: a check of each build's result, a warm-up that calls the two
 * alternately until both sides' iterations stop falling ({@link GateWarmup}) or the cap, then the measured
 * rounds, each timing one iteration of the base and one of the candidate in an order drawn from the seed, with
 * both probes read before the first round and after each; and the checks again. So both sides of a round see
 * the same state of the machine, and a pair's ratio is not spoiled by the machine changing between two JVMs.
 * Writes one {@link GateData.Fork} per side as JSON to OUT-base.json and OUT-cand.json (the probe readings are
 * the round's, the same on both). Exit 0 when done; 1 with one line on stderr when a check fails or a kernel
 * throws; 2 with one line on bad arguments.
 *
 * <p>Arguments: {@code --base DIR --cand DIR --first base|cand --pair N --seed N --rows LIST --iterations N
 * --iteration-ms MS --probe-ms MS --warmup-cap-ms MS [--extra ROW=PCT,...] --out OUT}. {@code --extra} is
 * {@link GateExtra}, the test device that makes the candidate do PCT% more of the named rows' work.
 */
final class GateFork {
    private GateFork() {}

    static final List<String> SIDES = List.of("base", "cand");

    public static void main(String[] args) {
        System.exit(run(List.of(args)));
    }

    static int run(List<String> argList) {
        List<String> args = new ArrayList<>(argList);
        try {
            String baseDir = required(args, "--base");
            String candDir = required(args, "--cand");
            String first = required(args, "--first");
            if (!SIDES.contains(first)) {
                throw new BadInput("--first is base or cand, not " + first);
            }
            int pair = (int) Args.whole("--pair", required(args, "--pair"), 1, 1_000_000);
            long seed = Args.whole("--seed", required(args, "--seed"), Long.MIN_VALUE, Long.MAX_VALUE);
            List<GateRow> rows = GateRow.parse("--rows", required(args, "--rows"));
            int iterations = (int) Args.whole("--iterations", required(args, "--iterations"), 1, 100_000);
            double iterationMs = Args.millis("--iteration-ms", required(args, "--iteration-ms"));
            double probeMs = Args.millis("--probe-ms", required(args, "--probe-ms"));
            double capMs = Args.millis("--warmup-cap-ms", required(args, "--warmup-cap-ms"));
            GatePlan.Extra extra = GatePlan.Extra.parse(Args.option(args, "--extra", "none=0"));
            String out = required(args, "--out");
            if (!args.isEmpty()) {
                throw new BadInput("unknown arguments " + args);
            }
            long started = System.currentTimeMillis();
            JarBuild[] builds = new JarBuild[2];
            for (int s : first.equals("base") ? new int[] {0, 1} : new int[] {1, 0}) {
                builds[s] = JarBuild.load("--" + SIDES.get(s), s == 0 ? baseDir : candDir);
                if (!builds[s].kernelsName().equals("vector")) { // the gate's rows are the vector kernels'
                    throw new IllegalStateException("the " + SIDES.get(s) + " build's Kernels.best() gave its "
                            + builds[s].kernelsName() + " kernels, not vector: its log says why");
                }
            }
            SplittableRandom order = new SplittableRandom(seed);
            List<List<GateData.Row>> measured = List.of(new ArrayList<>(), new ArrayList<>());
            try (GateProbes probes = new GateProbes(probeMs)) {
                for (GateRow row : rows) {
                    GateWorkload[] w = GateWorkload.of(row, builds[0], builds[1]);
                    GateExtra[] e = {new GateExtra(0), new GateExtra(extra.pct(row))};
                    GateData.Row[] r = row(row, w, e, probes, order, iterations, iterationMs, capMs);
                    measured.get(0).add(r[0]);
                    measured.get(1).add(r[1]);
                }
            }
            for (int s = 0; s < 2; s++) {
                GateData.write(Path.of(out + "-" + SIDES.get(s) + ".json"),
                        new GateData.Fork(SIDES.get(s), pair, started, builds[s].label(), measured.get(s)));
            }
            return 0;
        } catch (BadInput e) {
            System.err.println("gate fork: " + Markdown.oneLine(e.getMessage()));
            return 2;
        } catch (Exception | Error e) { // anything at all: one line for the gate to pass on, never a trace
            String why = e instanceof IllegalStateException && e.getMessage() != null ? e.getMessage() : e.toString();
            System.err.println("gate fork: " + Markdown.oneLine(Args.firstLine(why)));
            return 1;
        }
    }

    /** One row on both sides, interleaved: {base, candidate}, sharing the rounds' probe readings. */
    private static GateData.Row[] row(GateRow row, GateWorkload[] w, GateExtra[] extra, GateProbes probes,
                                      SplittableRandom order, int iterations, double iterationMs, double capMs) {
        for (int s = 0; s < 2; s++) {
            w[s].check(SIDES.get(s) + " " + row.id() + " before the warm-up");
        }
        List<List<Double>> warm = List.of(new ArrayList<>(), new ArrayList<>());
        int[] calls = {1, 1};
        long begin = System.nanoTime();
        long cap = begin + (long) (capMs * 1e6);
        boolean settled = false;
        while (!settled && System.nanoTime() < cap) {
            settled = true;
            for (int s = 0; s < 2; s++) {
                double t = time(w[s], extra[s], calls[s]);
                warm.get(s).add(t);
                calls[s] = calls(iterationMs, t);
                settled &= GateWarmup.settled(warm.get(s));
            }
        }
        double warmupMs = (System.nanoTime() - begin) / 1e6;
        for (int s = 0; s < 2; s++) {
            w[s].check(SIDES.get(s) + " " + row.id() + " after the warm-up");
        }
        double[][] nanos = new double[2][iterations];
        double[] fma = new double[iterations + 1];
        double[] bandwidth = new double[iterations + 1];
        fma[0] = probes.fma();
        bandwidth[0] = probes.bandwidth();
        for (int i = 0; i < iterations; i++) {
            int firstSide = order.nextBoolean() ? 0 : 1;
            for (int s : new int[] {firstSide, 1 - firstSide}) {
                nanos[s][i] = time(w[s], extra[s], calls[s]);
            }
            fma[i + 1] = probes.fma();
            bandwidth[i + 1] = probes.bandwidth();
        }
        GateData.Row[] rows = new GateData.Row[2];
        for (int s = 0; s < 2; s++) {
            w[s].check(SIDES.get(s) + " " + row.id() + " after the last iteration");
            rows[s] = new GateData.Row(row.id(), warmupMs, warm.get(s).size(), settled, calls[s], nanos[s], fma,
                    bandwidth);
        }
        return rows;
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
        String v = Args.option(args, option, null);
        if (v == null) {
            throw new BadInput(option + " is missing");
        }
        return v;
    }
}
