package dev.backflow.bench.paired;

import dev.backflow.bench.harness.Args;
import dev.backflow.bench.harness.BadInput;
import dev.backflow.bench.harness.MatmulPeer;
import dev.backflow.bench.harness.Shapes;
import dev.backflow.bench.harness.VectorWidth;
import dev.backflow.bench.report.PairedData;
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
 * @param seed the seed of the order of A and B in each round (and, plus one, of the offsets)
 * @param out the output directory
 * @param sweptOffsets whether each operand lies at an offset drawn before every round ({@link Placement}) rather
 *     than at index 0 of its array
 */
public record PairedPlan(PairedSide a, PairedSide b, List<String> shapes, List<String> products, List<Integer> threads,
                  int rounds, double batchMs, double probeMs, double warmupMs, long seed, Path out,
                  boolean sweptOffsets) {

    /** A plan with every operand at index 0 of its array. */
    public PairedPlan(PairedSide a, PairedSide b, List<String> shapes, List<String> products, List<Integer> threads,
                      int rounds, double batchMs, double probeMs, double warmupMs, long seed, Path out) {
        this(a, b, shapes, products, threads, rounds, batchMs, probeMs, warmupMs, seed, out, false);
    }

    /** The values of {@code --offsets}: operands at index 0, or at offsets drawn before every round. */
    static final List<String> OFFSETS = List.of("zero", "swept");

    public static final String DEFAULT_SHAPES = "256,512,1024,64x784x256,512x1024x1024";

    static PairedPlan parse(List<String> argList) {
        List<String> args = new ArrayList<>(argList);
        String a = Args.option(args, "--a", "vector");
        String b = Args.option(args, "--b", "openblas");
        List<String> shapes = Args.list(Args.option(args, "--shape", DEFAULT_SHAPES), "--shape");
        shapes.forEach(Shapes::dims);
        List<String> products = Args.list(Args.option(args, "--products", String.join(",", PairedData.PRODUCTS)),
                "--products");
        for (String p : products) {
            if (!PairedData.ALL_PRODUCTS.contains(p)) {
                throw new BadInput("--products: unknown product '" + p + "' (" + String.join(", ",
                        PairedData.ALL_PRODUCTS) + ")");
            }
        }
        List<Integer> threads = new ArrayList<>();
        for (String t : Args.list(Args.option(args, "--threads", "1,2"), "--threads")) {
            threads.add((int) Args.whole("--threads", t, 1, dev.backflow.Kernels.MAX_THREADS));
        }
        int rounds = (int) Args.whole("--rounds", Args.option(args, "--rounds", "40"), 1, 1_000_000);
        double batchMs = Args.millis("--batch-ms", Args.option(args, "--batch-ms", "25"));
        double probeMs = Args.millis("--probe-ms", Args.option(args, "--probe-ms", "5"));
        // 2 s, not 0.5: at 0.5 s, a row of 128³ with both products after the 64³ rows ran at 2-32 GFLOP/s for one
        // side or both, throughout, in 10 of 19 short one-thread runs on Zen 5 (family 26 model 2; a build against a
        // copy of itself too); at 2 s in none of 10 (docs/results/2026-12-02-zen5-paired-warmup)
        double warmupMs = Args.millis("--warmup-ms", Args.option(args, "--warmup-ms", "2000"));
        long seed = Args.whole("--seed", Args.option(args, "--seed", "1"), Long.MIN_VALUE, Long.MAX_VALUE);
        Path out = Path.of(Args.option(args, "--out", "results/paired"));
        String offsets = Args.option(args, "--offsets", "zero");
        if (!OFFSETS.contains(offsets)) {
            throw new BadInput("--offsets: '" + offsets + "' is neither zero nor swept");
        }
        boolean swept = offsets.equals("swept");
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
        boolean gemm = !PairedData.PRODUCTS.containsAll(products);
        if (gemm) {
            checkGemm("--a", sa, threads);
            checkGemm("--b", sb, threads);
        }
        if (swept) {
            checkOffsets("--a", sa, threads, gemm);
            checkOffsets("--b", sb, threads, gemm);
        }
        return new PairedPlan(sa, sb, shapes, products, threads, rounds, batchMs, probeMs, warmupMs, seed, out,
                swept);
    }

    /**
     * That the side takes operands at offsets ({@code --offsets swept}), for matmulBackward and, where the run has
     * GEMM products, the GEMM (1×1×1 calls): {@link BadInput} if not, as for EJML, whose matrices start at index 0.
     */
    static void checkOffsets(String option, PairedSide side, List<Integer> threads, boolean gemm) {
        for (int t : threads) {
            try {
                side.peer(t).run(new MatmulPeer.Problem(1, 1, 1, new float[3], new float[3], new float[3],
                        new float[3], new float[3], 2, 2, 2, 2, 2), true, true);
                if (gemm) {
                    side.peer(t).gemm(new MatmulPeer.GemmProblem(1, 1, 1, false, false, new float[3], new float[3],
                            new float[3], 2, 2, 2));
                }
            } catch (IllegalStateException e) {
                throw new BadInput(option + " " + side.spec() + " cannot run with --offsets swept: "
                        + Args.firstLine(e.getMessage()));
            }
        }
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
                        + Args.firstLine(e.getMessage()));
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
        s.put("offsets", sweptOffsets ? "swept" : "zero");
        s.put("untimedCalls", "after each check and each draw"); // not in runs from before such calls
        if (sweptOffsets) {
            s.put("arraysPerDraw", "new"); // not in runs from before e2f1476 (9adb139's took new arrays unsaid)
        }
        return s;
    }
}
