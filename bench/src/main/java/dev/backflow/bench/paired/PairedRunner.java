package dev.backflow.bench.paired;

import dev.backflow.Kernels;
import dev.backflow.bench.harness.MatmulPeer;
import dev.backflow.bench.harness.Shapes;
import dev.backflow.bench.harness.VectorWidth;
import dev.backflow.bench.harness.Verify;
import dev.backflow.bench.jmh.FmaPeakBench;
import dev.backflow.bench.jmh.FmaProbe;
import dev.backflow.bench.jmh.MatmulBase;
import dev.backflow.bench.report.Environment;
import dev.backflow.bench.report.PairedAnalysis;
import dev.backflow.bench.report.PairedData;
import dev.backflow.bench.report.Report;
import dev.backflow.bench.report.Units;
import java.io.PrintStream;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Measures a paired run in this JVM. For each thread count, shape and product (a row): a warm-up that calls A
 * and B alternately until C2 has compiled both (until their call times settle, see {@link #SETTLED}); a check
 * of each side's result against the scalar kernels; then the rounds. Each round times a batch of A's calls and
 * a batch of B's (enough calls for about the plan's batch time, at least one) in an order drawn at random, and
 * the FMA probe is read between rounds, so every round has a reading just before and just after it. After the
 * last round each side is checked again: a kernel whose compiled form computes something else cannot pass for
 * fast.
 *
 * <p>A and B share the inputs and, with {@code --offsets zero}, get separate output arrays; with {@code --offsets
 * swept} they share the outputs too ({@link Placement}). Every measured call accumulates into the same outputs, as
 * the JMH suites do. After each check (which runs on problems of its own) and, with swept offsets, after each
 * draw, each side is called once, untimed: a peer that lays its operands out anew for a new problem (vector-ld)
 * does it there, not in a timed batch. A row's first thread count sets OpenBLAS's thread count just before the
 * row's group, so each row runs OpenBLAS on the row's count.
 */
public final class PairedRunner {
    private PairedRunner() {}

    /**
     * The warm-up ends once its time is up and each side's last three calls (their median) take at most this
     * many times its fastest call so far: code still in the interpreter or C1 is several times slower, the
     * machine's slow state less than twice.
     */
    static final double SETTLED = 1.25;

    /** A warm-up that has not settled ends after this many times its time all the same. */
    static final double WARMUP_CAP = 4;

    /** The scalar reference of one shape: the inputs, the outputs' starting values, and both products' results. */
    public record Reference(MatmulPeer.Problem start, float[] dX, float[] dW) {}

    /**
     * One side's calls of a row on outputs of its own, and a check of a fresh call, at the operands' offsets now,
     * against the scalar result.
     */
    private interface Calls {
        void call();

        /** Takes the placement's offsets now: called after each of its draws. */
        void placed();

        void check(String what);
    }

    static PairedData.Run measure(PairedPlan plan, PrintStream out) {
        FmaProbe probe = new FmaProbe();
        probe.calibrate(plan.probeMs());
        SplittableRandom order = new SplittableRandom(plan.seed());
        SplittableRandom offsets = new SplittableRandom(plan.seed() + 1);
        Map<String, Reference> references = new HashMap<>();
        List<PairedData.Row> rows = new ArrayList<>();
        int total = plan.threads().size() * plan.shapes().size() * plan.products().size();
        long start = System.nanoTime();
        for (int threads : plan.threads()) {
            MatmulPeer a = plan.a().peer(threads);
            MatmulPeer b = plan.b().peer(threads);
            boolean first = true;
            for (String shape : plan.shapes()) {
                for (String product : plan.products()) {
                    Calls ca;
                    Calls cb;
                    Placement place;
                    if (PairedData.PRODUCTS.contains(product)) {
                        Reference ref = references.computeIfAbsent(shape, PairedRunner::reference);
                        place = placement(plan, operands(ref.start()), 3, offsets);
                        ca = matmul(a, 0, place, ref, product);
                        cb = matmul(b, 1, place, ref, product);
                    } else {
                        int[] d = Shapes.dims(shape);
                        MatmulPeer.GemmProblem g = MatmulPeer.GemmProblem.random(d[0], d[1], d[2], product,
                                new SplittableRandom(11));
                        MatmulPeer.GemmProblem ref = g.withOwnC();
                        MatmulPeer.backflow(Kernels.scalar()).gemm(ref);
                        place = placement(plan, new float[][] {g.a(), g.b(), g.c()}, 2, offsets);
                        ca = gemm(a, 0, place, g, ref.c());
                        cb = gemm(b, 1, place, g, ref.c());
                    }
                    PairedData.Row row = row(plan, ca, cb, place, probe, order, offsets, shape, product, threads,
                            first ? 3 * plan.warmupMs() : plan.warmupMs());
                    first = false;
                    rows.add(row);
                    PairedAnalysis.Interval all = PairedAnalysis.median(
                            row.rounds().stream().mapToDouble(PairedData.Round::ratio).toArray());
                    out.printf(Locale.ROOT, "paired: row %d of %d (%s %s, %d thread%s): A/B %.3f over %d rounds "
                                    + "(A %d call%s per batch, B %d); %.0f s elapsed%n", rows.size(), total,
                            Report.shapeLabel(shape), product, threads, threads == 1 ? "" : "s", all.median(),
                            row.rounds().size(), row.aCalls(), row.aCalls() == 1 ? "" : "s", row.bCalls(),
                            (System.nanoTime() - start) / 1e9);
                    out.flush();
                }
            }
        }
        return new PairedData.Run(plan.a().spec(), plan.a().label(), plan.b().spec(), plan.b().label(),
                plan.settings(), environment(plan), List.copyOf(rows));
    }

    public static Reference reference(String shape) {
        int[] d = Shapes.dims(shape);
        int m = d[0];
        int k = d[1];
        int n = d[2];
        SplittableRandom r = new SplittableRandom(11);
        MatmulPeer.Problem start = new MatmulPeer.Problem(m, k, n, Verify.random(r, m * n), Verify.random(r, m * k),
                Verify.random(r, k * n), Verify.random(r, m * k), Verify.random(r, k * n));
        MatmulPeer.Problem ref = MatmulBase.copy(start);
        MatmulPeer.backflow(Kernels.scalar()).run(ref, true, true);
        return new Reference(start, ref.dX(), ref.dW());
    }

    /**
     * The row's placement: operands at index 0, or ({@code --offsets swept}) at offsets drawn now, for the warm-up
     * and its check, and again before every round.
     */
    private static Placement placement(PairedPlan plan, float[][] start, int inputs, SplittableRandom offsets) {
        if (!plan.sweptOffsets()) {
            return Placement.zero(start, inputs);
        }
        Placement place = Placement.swept(start, inputs);
        place.draw(offsets);
        return place;
    }

    /** A problem's operands in a placement's order: the inputs dY, X, W, then the outputs dX, dW. */
    private static float[][] operands(MatmulPeer.Problem p) {
        return new float[][] {p.dY(), p.x(), p.w(), p.dX(), p.dW()};
    }

    /** The problem of shape s on these operands (a placement's order) at these offsets. */
    private static MatmulPeer.Problem problem(MatmulPeer.Problem s, float[][] o, int[] at) {
        return new MatmulPeer.Problem(s.m(), s.k(), s.n(), o[0], o[1], o[2], o[3], o[4], at[0], at[1], at[2], at[3],
                at[4]);
    }

    /** The GEMM of g's shape on these operands (A, B, C) at these offsets. */
    private static MatmulPeer.GemmProblem problem(MatmulPeer.GemmProblem g, float[][] o, int[] at) {
        return new MatmulPeer.GemmProblem(g.m(), g.k(), g.n(), g.transA(), g.transB(), o[0], o[1], o[2], at[0],
                at[1], at[2]);
    }

    /** Side's (0 for A, 1 for B) problem in the placement now, as {@link #problem} takes it. */
    private static MatmulPeer.Problem inPlacement(MatmulPeer.Problem s, Placement place, int side) {
        return problem(s, place.arrays(side), place.offsets());
    }

    private static MatmulPeer.GemmProblem inPlacement(MatmulPeer.GemmProblem g, Placement place, int side) {
        return problem(g, place.arrays(side), place.offsets());
    }

    /** A matmulBackward product: outputs of the side's own, the shared inputs, where the placement puts them. */
    private static Calls matmul(MatmulPeer peer, int side, Placement place, Reference ref, String product) {
        boolean dX = !product.equals("dW");
        boolean dW = !product.equals("dX");
        MatmulPeer.Problem start = ref.start();
        return new Calls() {
            private MatmulPeer.Problem p = inPlacement(start, place, side);

            @Override
            public void call() {
                peer.run(p, dX, dW);
            }

            @Override
            public void placed() {
                p = inPlacement(start, place, side);
            }

            @Override
            public void check(String what) {
                PairedRunner.check(what, peer, ref, dX, dW, place);
            }
        };
    }

    /** A forward GEMM: a C of the side's own, the shared A and B; expected is one call's C from g's C. */
    private static Calls gemm(MatmulPeer peer, int side, Placement place, MatmulPeer.GemmProblem g,
                              float[] expected) {
        return new Calls() {
            private MatmulPeer.GemmProblem own = inPlacement(g, place, side);

            @Override
            public void call() {
                peer.gemm(own);
            }

            @Override
            public void placed() {
                own = inPlacement(g, place, side);
            }

            @Override
            public void check(String what) {
                Placement.Fresh fresh = place.fresh(new float[][] {g.a(), g.b(), g.c()});
                peer.gemm(problem(g, fresh.arrays(), fresh.offsets()));
                Verify.close(what + ": C", expected, place.values(what + ": C", fresh, 2), g.k() + 1, g.k() + 1);
            }
        };
    }

    private static PairedData.Row row(PairedPlan plan, Calls a, Calls b, Placement place, FmaProbe probe,
                                      SplittableRandom order, SplittableRandom offsets, String shape, String product,
                                      int threads, double warmupMs) {
        String where = shape + " " + product + " on " + threads + " thread" + (threads == 1 ? "" : "s");
        double[] lastA = new double[3];
        double[] lastB = new double[3];
        double bestA = Double.POSITIVE_INFINITY;
        double bestB = Double.POSITIVE_INFINITY;
        long begin = System.nanoTime();
        long end = begin + (long) (warmupMs * 1e6);
        long cap = begin + (long) (WARMUP_CAP * warmupMs * 1e6);
        for (int i = 0; ; i++) {
            lastA[i % lastA.length] = time(a, 1);
            lastB[i % lastB.length] = time(b, 1);
            bestA = Math.min(bestA, lastA[i % lastA.length]);
            bestB = Math.min(bestB, lastB[i % lastB.length]);
            long now = System.nanoTime();
            boolean settled = median(lastA) <= SETTLED * bestA && median(lastB) <= SETTLED * bestB;
            if (i >= lastA.length - 1 && now >= end && (settled || now >= cap)) {
                break;
            }
        }
        a.check("A (" + plan.a().spec() + ") after the warm-up, " + where);
        b.check("B (" + plan.b().spec() + ") after the warm-up, " + where);
        int aCalls = calls(plan.batchMs(), lastA);
        int bCalls = calls(plan.batchMs(), lastB);
        List<PairedData.Round> rounds = new ArrayList<>();
        a.call(); // untimed: the checks ran on problems of their own (see the class comment)
        b.call();
        double before = probe.gflops();
        for (int r = 0; r < plan.rounds(); r++) {
            if (place.swept()) { // its own random numbers: a run's order is the same with either placement
                place.draw(offsets);
                a.placed();
                b.placed();
                a.call();
                b.call();
                before = probe.gflops(); // so that the reading before the round is just before it
            }
            boolean aFirst = order.nextBoolean();
            double ta;
            double tb;
            if (aFirst) {
                ta = time(a, aCalls);
                tb = time(b, bCalls);
            } else {
                tb = time(b, bCalls);
                ta = time(a, aCalls);
            }
            double after = probe.gflops();
            rounds.add(new PairedData.Round(aFirst ? "AB" : "BA", ta, tb, before, after));
            before = after;
        }
        a.check("A (" + plan.a().spec() + ") after the last round, " + where);
        b.check("B (" + plan.b().spec() + ") after the last round, " + where);
        return new PairedData.Row(shape, product, threads, (double) Report.flops(shape, product), aCalls, bCalls,
                List.copyOf(rounds));
    }

    /** Nanoseconds per call over a batch of that many calls. */
    private static double time(Calls side, int calls) {
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            side.call();
        }
        return Math.max(1, System.nanoTime() - start) / (double) calls;
    }

    /** Calls per batch for about batchMs, from the warm-up's last call times (their median). */
    private static int calls(double batchMs, double[] last) {
        return (int) Math.max(1, Math.min(1_000_000, Math.round(batchMs * 1e6 / median(last))));
    }

    private static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    /**
     * One call on fresh outputs against the scalar result: within the matmul bound for the products asked
     * for (as {@link MatmulBase} checks), and the other output untouched, bit for bit.
     */
    public static void check(String what, MatmulPeer peer, Reference ref, boolean dX, boolean dW) {
        MatmulPeer.Problem start = ref.start();
        check(what, peer, ref, dX, dW, Placement.zero(operands(start), 3));
    }

    /** {@link #check(String, MatmulPeer, Reference, boolean, boolean)} at the placement's offsets now. */
    static void check(String what, MatmulPeer peer, Reference ref, boolean dX, boolean dW, Placement place) {
        MatmulPeer.Problem start = ref.start();
        Placement.Fresh fresh = place.fresh(operands(start));
        peer.run(problem(start, fresh.arrays(), fresh.offsets()), dX, dW);
        float[] gotDX = place.values(what + ": dX", fresh, 3);
        float[] gotDW = place.values(what + ": dW", fresh, 4);
        int m = start.m();
        int n = start.n();
        if (dX) {
            Verify.close(what + ": dX", ref.dX(), gotDX, n, n);
        } else if (!Arrays.equals(start.dX(), gotDX)) {
            throw new IllegalStateException(what + ": dX changed, but only dW was asked for");
        }
        if (dW) {
            Verify.close(what + ": dW", ref.dW(), gotDW, m, m);
        } else if (!Arrays.equals(start.dW(), gotDW)) {
            throw new IllegalStateException(what + ": dW changed, but only dX was asked for");
        }
    }

    /** The machine, the software and what each side is, as paired.json records them. */
    private static Map<String, Object> environment(PairedPlan plan) {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("date", ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        env.put("profile", "paired");
        env.put("cpu", Environment.cpuModel());
        env.put("cores", Runtime.getRuntime().availableProcessors());
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        env.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        env.put("vectorBits", VectorWidth.preferredBits());
        env.put(Environment.VECTOR_KERNELS, Environment.vectorKernels());
        env.put("commit", Environment.commit());
        Environment.putOpenBlas(env);
        env.put("OPENBLAS_NUM_THREADS", Optional.ofNullable(System.getenv("OPENBLAS_NUM_THREADS")).orElse("(unset)")
                + " at start; OpenBLAS is then set to each row's thread count");
        env.put("aDescription", plan.a().description());
        env.put("bDescription", plan.b().description());
        env.put("probe", String.format(Locale.ROOT, "FmaPeakBench.preferred: %d register-only FMA chains, %d-bit "
                        + "vectors, on the calling thread, about %s ms per reading", FmaPeakBench.ACCUMULATORS,
                VectorWidth.preferredBits(), Units.significant(plan.probeMs(), 3)));
        return env;
    }
}
