package dev.backflow.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The paired command's options, checked before anything runs: the two sides, the shapes, products and thread
 * counts, and how long each part of a round takes. Bad input is {@link BadInput}, one line.
 *
 * @param a the side whose speed is the numerator of each ratio
 * @param b the side it is compared with
 * @param shapes m×k×n ("64x784x256") or a single size for a cube ("256")
 * @param products a subset of {@link PairedData#ALL_PRODUCTS}: matmulBackward's products, or the forward GEMM's
 *     transpose combinations (NN, NT, TN, TT; for these the shape is GEMM's m×k×n: C is m×n, k the inner size)
 * @param threads thread counts, each 1 to 256
 * @param rounds rounds per row
 * @param batchMs the time each side's batch of calls should take in a round (a batch is at least one call)
 * @param probeMs the time of one FMA probe reading
 * @param warmupMs the warm-up per row (three times as long for the first row of each thread count)
 * @param seed the seed of the order of A and B in each round
 * @param out the output directory
 */
record PairedPlan(PairedSide a, PairedSide b, List<String> shapes, List<String> products, List<Integer> threads,
                  int rounds, double batchMs, double probeMs, double warmupMs, long seed, Path out) {

    static final String DEFAULT_SHAPES = "256,512,1024,64x784x256,512x1024x1024";

    static PairedPlan parse(List<String> argList) {
        List<String> args = new ArrayList<>(argList);
        String a = RunPlan.option(args, "--a", "vector");
        String b = RunPlan.option(args, "--b", "openblas");
        List<String> shapes = list(RunPlan.option(args, "--shape", DEFAULT_SHAPES), "--shape");
        shapes.forEach(PairedPlan::dims);
        List<String> products = list(RunPlan.option(args, "--products", String.join(",", PairedData.PRODUCTS)),
                "--products");
        for (String p : products) {
            if (!PairedData.ALL_PRODUCTS.contains(p)) {
                throw new BadInput("--products: unknown product '" + p + "' (" + String.join(", ",
                        PairedData.ALL_PRODUCTS) + ")");
            }
        }
        List<Integer> threads = new ArrayList<>();
        for (String t : list(RunPlan.option(args, "--threads", "1,2"), "--threads")) {
            threads.add((int) whole("--threads", t, 1, dev.backflow.Kernels.MAX_THREADS));
        }
        int rounds = (int) whole("--rounds", RunPlan.option(args, "--rounds", "40"), 1, 1_000_000);
        double batchMs = millis("--batch-ms", RunPlan.option(args, "--batch-ms", "25"));
        double probeMs = millis("--probe-ms", RunPlan.option(args, "--probe-ms", "5"));
        double warmupMs = millis("--warmup-ms", RunPlan.option(args, "--warmup-ms", "500"));
        long seed = whole("--seed", RunPlan.option(args, "--seed", "1"), Long.MIN_VALUE, Long.MAX_VALUE);
        Path out = Path.of(RunPlan.option(args, "--out", "results/paired"));
        if (!args.isEmpty()) {
            throw new BadInput("unknown argument" + (args.size() > 1 ? "s " : " ") + String.join(" ", args)
                    + " (-h lists paired's options)");
        }
        if (a.equals(b)) {
            throw new BadInput("--a and --b are both '" + a + "': a pair needs two different rows");
        }
        if (VectorWidth.preferredBits() == 0) {
            throw new BadInput("this JVM lacks jdk.incubator.vector (the FMA probe and Backflow's kernels need it); "
                    + "start it with --add-modules jdk.incubator.vector (scripts/bench.sh does)");
        }
        PairedSide sa = PairedSide.of("--a", a, threads);
        PairedSide sb = PairedSide.of("--b", b, threads);
        if (!PairedData.PRODUCTS.containsAll(products)) {
            checkGemm("--a", sa, threads);
            checkGemm("--b", sb, threads);
        }
        return new PairedPlan(sa, sb, shapes, products, threads, rounds, batchMs, probeMs, warmupMs, seed, out);
    }

    /**
     * That the side can compute the forward GEMM on every thread count (a 1×1×1 call): {@link BadInput} if not,
     * as for a Backflow build from before {@code sgemm}.
     */
    static void checkGemm(String option, PairedSide side, List<Integer> threads) {
        for (int t : threads) {
            try {
                side.peer(t).gemm(new MatmulPeer.GemmProblem(1, 1, 1, false, false, new float[1], new float[1],
                        new float[1]));
            } catch (IllegalStateException e) {
                throw new BadInput(option + " " + side.spec() + " cannot run the GEMM products (NN, NT, TN, TT): "
                        + Run.firstLine(e.getMessage()));
            }
        }
    }

    /** The settings as paired.json records them. */
    Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("shapes", shapes);
        s.put("products", products);
        s.put("threads", threads);
        s.put("rounds", rounds);
        s.put("batchMs", batchMs);
        s.put("probeMs", probeMs);
        s.put("warmupMs", warmupMs);
        s.put("seed", seed);
        return s;
    }

    /** m, k, n of a shape: "64x784x256", or "256" for 256×256×256; {@link BadInput} for anything else. */
    static int[] dims(String shape) {
        String[] p = shape.split("x", -1);
        if (p.length != 1 && p.length != 3) {
            throw new BadInput("--shape: '" + shape + "' is not m×k×n (64x784x256) or one size (256)");
        }
        int[] d = new int[3];
        for (int i = 0; i < 3; i++) {
            String v = p[p.length == 1 ? 0 : i];
            try {
                d[i] = Integer.parseInt(v);
            } catch (NumberFormatException e) {
                d[i] = 0;
            }
            if (d[i] < 1 || d[i] > 1 << 16) {
                throw new BadInput("--shape: '" + shape + "' is not m×k×n (64x784x256) or one size (256) of whole "
                        + "numbers from 1 to 65536");
            }
        }
        for (long size : new long[] {(long) d[0] * d[1], (long) d[1] * d[2], (long) d[0] * d[2]}) {
            if (size > Integer.MAX_VALUE - 64) {
                throw new BadInput("--shape: '" + shape + "' has a matrix of more than 2³¹ floats");
            }
        }
        return d;
    }

    static List<String> list(String value, String option) {
        List<String> out = new ArrayList<>();
        for (String v : value.split(",", -1)) {
            String t = v.trim();
            if (t.isEmpty()) {
                throw new BadInput(option + ": an empty item in '" + value + "'");
            }
            if (out.contains(t)) {
                throw new BadInput(option + ": '" + t + "' is given twice");
            }
            out.add(t);
        }
        return out;
    }

    static long whole(String option, String value, long min, long max) {
        long v;
        try {
            v = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new BadInput(option + " takes a whole number, not '" + value + "'");
        }
        if (v < min || v > max) {
            throw new BadInput(option + ": " + v + " is not in [" + min + ", " + max + "]");
        }
        return v;
    }

    static double millis(String option, String value) {
        return positive(option, value, 600_000, "a number of milliseconds", "a time from above 0 to 600000 ms");
    }

    /** A number above 0 and at most max; {@link BadInput} "OPTION takes WHAT, not 'VALUE'" or "... is not RANGE". */
    static double positive(String option, String value, double max, String what, String range) {
        double v;
        try {
            v = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new BadInput(option + " takes " + what + ", not '" + value + "'");
        }
        if (!(v > 0) || v > max) {
            throw new BadInput(option + ": " + value + " is not " + range);
        }
        return v;
    }
}
