package dev.backflow.bench.gate;

import dev.backflow.bench.harness.Args;
import dev.backflow.bench.harness.BadInput;
import dev.backflow.bench.harness.JarBuild;
import dev.backflow.bench.harness.VectorWidth;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The gate command's options, checked before any fork starts; bad input is {@link BadInput}, one line.
 *
 * @param base        the base build's directory (its core and simd jars, or a built checkout; see {@link JarBuild})
 * @param cand        the candidate build's directory
 * @param rows        the rows (default: the ci profile's, {@link GateRow#ci()})
 * @param pairs       base/candidate fork pairs, at least 2
 * @param iterations  measured iterations per row per fork
 * @param iterationMs the time of one iteration
 * @param probeMs     the time of one probe reading
 * @param warmupCapMs the longest warm-up of one row
 * @param thresholdPct the smallest change that counts
 * @param steadyPct   an iteration is steady when its bounding probe's readings before and after it differ by at
 *                    most this much
 * @param judge       "normalised" or "raw": which of the two verdicts sets the exit status
 * @param seed        the seed of each pair's order
 * @param extra       the test device for the candidate's forks ({@link GateExtra}); {@code none=0} for none
 * @param out         the output directory
 */
record GatePlan(String base, String cand, List<GateRow> rows, int pairs, int iterations, double iterationMs,
                double probeMs, double warmupCapMs, double thresholdPct, double steadyPct, String judge, long seed,
                Extra extra, Path out) {

    /**
     * The test device's targets, each {@code ROW=PCT}: {@code matmul} (every matmul row) or a row's id, and
     * PCT; {@code none=0} for none. Several, comma-separated ({@code matmul=10,relu=10}), slow several rows at
     * once, which measures the gate's power on each in the same runs.
     *
     * @param targets the target of each percentage, in the order given
     */
    record Extra(Map<String, Integer> targets) {
        static Extra parse(String spec) {
            Map<String, Integer> targets = new LinkedHashMap<>();
            for (String one : spec.split(",", -1)) {
                int eq = one.indexOf('=');
                if (eq < 1) {
                    throw new BadInput("--cand-extra takes ROW=PCT[,ROW=PCT...] (matmul=10, relu=20), not '"
                            + spec + "'");
                }
                String row = one.substring(0, eq);
                int pct = (int) Args.whole("--cand-extra", one.substring(eq + 1), 0, 1000);
                if (!row.equals("none") && !row.equals("matmul")) {
                    GateRow.parse("--cand-extra", row);
                }
                if (targets.put(row, pct) != null) {
                    throw new BadInput("--cand-extra: '" + row + "' is given twice");
                }
            }
            return new Extra(Collections.unmodifiableMap(targets));
        }

        /** The extra work for that row: the first target that names it, else 0. */
        int pct(GateRow row) {
            return targets.entrySet().stream().filter(t -> row.named(t.getKey())).mapToInt(Map.Entry::getValue)
                    .findFirst().orElse(0);
        }

        boolean none() {
            return targets.values().stream().allMatch(p -> p == 0);
        }

        String spec() {
            return String.join(",", targets.entrySet().stream().map(t -> t.getKey() + "=" + t.getValue()).toList());
        }
    }

    static GatePlan parse(List<String> argList) {
        List<String> args = new ArrayList<>(argList);
        String rowList = Args.option(args, "--rows", null);
        List<GateRow> rows = rowList == null ? GateRow.ci() : GateRow.parse("--rows", rowList);
        int pairs = (int) Args.whole("--pairs", Args.option(args, "--pairs", "8"), 2, 10_000);
        int iterations = (int) Args.whole("--iterations", Args.option(args, "--iterations", "10"), 1,
                100_000);
        double iterationMs = Args.millis("--iteration-ms", Args.option(args, "--iteration-ms", "40"));
        double probeMs = Args.millis("--probe-ms", Args.option(args, "--probe-ms", "3"));
        double capMs = Args.millis("--warmup-cap-ms", Args.option(args, "--warmup-cap-ms", "3000"));
        double threshold = percent("--threshold", Args.option(args, "--threshold", "5"));
        double steady = percent("--steady", Args.option(args, "--steady", "10"));
        String judge = Args.option(args, "--judge", "normalised");
        if (!judge.equals("normalised") && !judge.equals("raw")) {
            throw new BadInput("--judge: '" + judge + "' is neither normalised nor raw");
        }
        String seedText = Args.option(args, "--seed", null);
        long seed = seedText == null ? System.nanoTime()
                : Args.whole("--seed", seedText, Long.MIN_VALUE, Long.MAX_VALUE);
        Extra extra = Extra.parse(Args.option(args, "--cand-extra", "none=0"));
        Path out = Path.of(Args.option(args, "--out", "results/gate"));
        if (args.size() != 2 || args.stream().anyMatch(a -> a.startsWith("--"))) {
            throw new BadInput("expected BASE CAND (two build directories) and options, got " + args
                    + " (-h lists gate's options)");
        }
        if (VectorWidth.preferredBits() == 0) {
            throw new BadInput("this JVM lacks jdk.incubator.vector; start it with --add-modules "
                    + "jdk.incubator.vector (scripts/bench.sh does)");
        }
        String base = dir(args.get(0));
        String cand = dir(args.get(1));
        JarBuild.load("BASE", base); // a missing or unusable build is bad input now, not a failed fork later
        JarBuild.load("CAND", cand);
        return new GatePlan(base, cand, rows, pairs, iterations, iterationMs, probeMs, capMs, threshold, steady,
                judge, seed, extra, out);
    }

    /** Whether the base fork runs first in each pair, drawn from the seed. */
    static List<Boolean> baseFirst(long seed, int pairs) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Boolean> order = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            order.add(r.nextBoolean());
        }
        return List.copyOf(order);
    }

    private static String dir(String arg) {
        return arg.startsWith("jar:") ? arg.substring(4) : arg;
    }

    private static double percent(String option, String value) {
        return Args.positive(option, value, 1000, "a percentage", "a percentage from above 0 to 1000");
    }
}
