package dev.backflow.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.backflow.BackwardKernels;
import dev.backflow.Kernels;
import dev.backflow.internal.Split;
import dev.backflow.spi.CheckedBackwardKernels;
import dev.backflow.testing.Bits;
import dev.backflow.testing.RandomFloats;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code Kernels.parallel(name, t)} gives bit for bit (any NaN for any NaN) what {@code Kernels.named(name)} gives, for
 * every kernel and t = 1, 2, 3, 4, 7, 8 (more threads than this machine has cores), on seeded random shapes, offsets
 * and values (special ones included), with sentinels around every output region. The split threshold is lowered to one
 * element of work per part so that these small calls do split; one large call per kernel also runs at the real
 * threshold. Subclasses run it on other implementations. {@code -Dbackflow.test.seed=S} replays a run.
 */
public class SameBitsAtEveryThreadCountTest extends ContractTestCase {

    static final int[] THREADS = {1, 2, 3, 4, 7, 8};
    static final int CASES = Integer.getInteger("backflow.test.cases", 40);
    static final long SEED = Long.getLong("backflow.test.seed", System.nanoTime());

    @BeforeEach
    void splitEvenSmallCalls() {
        Split.overrideGrainForTests(1);
    }

    /** The kernels, each able to make a random case and run it. */
    enum Kernel {
        ADD, MUL, MAX, RELU, SIGMOID, COPY, MATMUL_DX, MATMUL_DW, MATMUL_BOTH;

        boolean matmul() {
            return this == MATMUL_DX || this == MATMUL_DW || this == MATMUL_BOTH;
        }
    }

    /** One call's arrays (inputs a, b, c; outputs dx, dy) with its offsets and sizes. */
    static final class Call {
        final Kernel kernel;
        float[] a, b, c, dx, dy;
        int aOff, bOff, cOff, dxOff, dyOff, n, copies, m, k;

        Call(Kernel kernel) {
            this.kernel = kernel;
        }

        /** A case of {@code size} elements for an elementwise kernel, or a random shape below 90 for matmul. */
        static Call random(Kernel kernel, SplittableRandom r, int size) {
            if (kernel.matmul()) {
                return matmul(kernel, r, r.nextInt(1, 90), r.nextInt(1, 90), r.nextInt(1, 90));
            }
            Call call = new Call(kernel);
            call.n = size;
            call.copies = kernel == Kernel.COPY ? r.nextInt(1, size > 100_000 ? 4 : 12) : 1;
            call.fill(r, call.copies * call.n, call.n, call.n, call.n, call.n);
            if (kernel == Kernel.MAX) { // ties in a quarter of the elements
                for (int i = 0; i < call.n; i += 1 + r.nextInt(4)) {
                    call.c[call.cOff + i] = call.b[call.bOff + i];
                }
            }
            return call;
        }

        /** a = dY (m×n), b = x (m×k), c = w (k×n), dx = dX, dy = dW. */
        static Call matmul(Kernel kernel, SplittableRandom r, int m, int k, int n) {
            Call call = new Call(kernel);
            call.m = m;
            call.k = k;
            call.n = n;
            call.fill(r, m * n, m * k, k * n, m * k, k * n);
            return call;
        }

        /** Each array at a random offset, with random room after it. */
        private void fill(SplittableRandom r, int aLen, int bLen, int cLen, int dxLen, int dyLen) {
            aOff = r.nextInt(70);
            bOff = r.nextInt(70);
            cOff = r.nextInt(70);
            dxOff = r.nextInt(70);
            dyOff = r.nextInt(70);
            a = values(r, aOff + aLen + r.nextInt(70));
            b = values(r, bOff + bLen + r.nextInt(70));
            c = values(r, cOff + cLen + r.nextInt(70));
            dx = values(r, dxOff + dxLen + r.nextInt(70));
            dy = values(r, dyOff + dyLen + r.nextInt(70));
        }

        Call copy() {
            Call o = new Call(kernel);
            o.a = a.clone();
            o.b = b.clone();
            o.c = c.clone();
            o.dx = dx.clone();
            o.dy = dy.clone();
            o.aOff = aOff;
            o.bOff = bOff;
            o.cOff = cOff;
            o.dxOff = dxOff;
            o.dyOff = dyOff;
            o.n = n;
            o.copies = copies;
            o.m = m;
            o.k = k;
            return o;
        }

        void run(BackwardKernels kk) {
            switch (kernel) {
                case ADD -> kk.addBackward(a, aOff, dx, dxOff, dy, dyOff, n);
                case MUL -> kk.mulBackward(a, aOff, b, bOff, c, cOff, dx, dxOff, dy, dyOff, n);
                case MAX -> kk.maxBackward(a, aOff, b, bOff, c, cOff, dx, dxOff, dy, dyOff, n);
                case RELU -> kk.reluBackward(a, aOff, b, bOff, dx, dxOff, n);
                case SIGMOID -> kk.sigmoidBackward(a, aOff, b, bOff, dx, dxOff, n);
                case COPY -> kk.copyBackward(a, aOff, copies, dx, dxOff, n);
                case MATMUL_DX -> kk.matmulBackward(a, aOff, b, bOff, c, cOff, dx, dxOff, null, 0, m, k, n);
                case MATMUL_DW -> kk.matmulBackward(a, aOff, b, bOff, c, cOff, null, 0, dy, dyOff, m, k, n);
                case MATMUL_BOTH -> kk.matmulBackward(a, aOff, b, bOff, c, cOff, dx, dxOff, dy, dyOff, m, k, n);
            }
        }

        /**
         * The first output element (sentinels included) whose bits differ, or null. Any NaN matches any NaN, as
         * in the contract: Java leaves a NaN's sign and payload to the hardware, and the JIT compilers may
         * swap the operands of {@code +} and {@code *}, which changes which NaN x86 returns.
         */
        String firstDifference(Call o) {
            String d = Bits.firstDifference("dx", dx, o.dx);
            return d != null ? d : Bits.firstDifference("dy", dy, o.dy);
        }

        String describe() {
            return kernel + (kernel.matmul() ? " m=" + m + " k=" + k + " n=" + n : " n=" + n + " copies=" + copies)
                    + " offsets a=" + aOff + " b=" + bOff + " c=" + cOff + " dx=" + dxOff + " dy=" + dyOff;
        }
    }

    /** Mostly ordinary values, some special ones: ±0, ±∞, NaN, subnormals, huge. */
    static float[] values(SplittableRandom r, int len) {
        return RandomFloats.fill(r, len, SameBitsAtEveryThreadCountTest::value);
    }

    private static final float[] SPECIAL = {0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN,
        Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE, 0.5f, 1f};

    private static float value(SplittableRandom r) {
        int pick = r.nextInt(20);
        return pick == 0 ? SPECIAL[r.nextInt(SPECIAL.length)]
                : pick == 1 ? Float.intBitsToFloat(r.nextInt(1, 0x800000)) // subnormal
                : (float) r.nextDouble(-2, 2);
    }

    /** Runs the case on one thread and at every thread count; fails with the case and seed on a difference. */
    void check(Call original, long seed) {
        Call expected = original.copy();
        expected.run(Kernels.named(implementation()));
        for (int t : THREADS) {
            Call actual = original.copy();
            actual.run(Kernels.parallel(implementation(), t));
            String diff = expected.firstDifference(actual);
            if (diff != null) {
                fail(implementation() + " at " + t + " threads differs from one thread (want: one thread): " + diff
                        + "\n  case " + original.describe() + ", seed " + seed + " (rerun with -Dbackflow.test.seed="
                        + SEED + " -Dbackflow.test.cases=" + CASES + ")");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Kernel.class)
    void everyThreadCountGivesTheOneThreadBits(Kernel kernel) {
        System.out.println("same bits at every thread count: -Dbackflow.test.seed=" + SEED + " reruns this run");
        for (int i = 0; i < CASES; i++) {
            long seed = SEED + 31L * i + kernel.ordinal();
            SplittableRandom r = new SplittableRandom(seed);
            double u = r.nextDouble();
            int size = u < 0.3 ? r.nextInt(0, 200) : u < 0.9 ? r.nextInt(200, 3000) : r.nextInt(3000, 20000);
            check(Call.random(kernel, r, size), seed);
        }
    }

    /** At the measured threshold (no override), a call large enough to split gives the one-thread bits too. */
    @ParameterizedTest
    @EnumSource(Kernel.class)
    void largeCallsAtTheRealThresholdGiveTheOneThreadBits(Kernel kernel) {
        Split.overrideGrainForTests(0);
        long seed = SEED ^ kernel.ordinal();
        SplittableRandom r = new SplittableRandom(seed);
        Call call = kernel.matmul() // past the scalar matmul's grain too, at every thread count
                ? Call.matmul(kernel, r, 130, 150, 70)
                : Call.random(kernel, r, 2 * Split.ELEMENTWISE_GRAIN + 37); // two parts from two threads on
        check(call, seed);
    }

    @Test
    void theInstancesUnderTestReallyHaveThoseThreadCounts() {
        for (int t : THREADS) {
            BackwardKernels k = Kernels.parallel(implementation(), t);
            assertEquals(implementation(), k.name());
            assertTrue(k instanceof CheckedBackwardKernels c && c.threads() == t, k.toString());
        }
    }
}
