package dev.backflow.simd;

import static org.junit.jupiter.api.Assertions.fail;

import dev.backflow.BackwardKernels;
import dev.backflow.Kernels;
import dev.backflow.contract.MatmulReference;
import dev.backflow.testing.Bits;
import dev.backflow.testing.RandomFloats;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * matmulBackward in both forms stays within the contract's error bound of the double reference, on shapes that
 * include 1, primes, the lane count ± 1, the GEMM's tile and block sizes ± 1, the small-batch limit, tall, wide
 * and skinny ones; with random
 * offsets, sentinels around the outputs, and a null dX or dW.
 */
class MatmulPropertyTest {

    static final int SMALL_BATCH = BackwardKernels.MATMUL_DOT_BATCH;

    static LongStream seeds() {
        return PropertyRun.seeds(60);
    }

    static int dimension(SplittableRandom r) {
        int lanes = VectorKernels.LANES;
        int[] interesting = {1, 2, 3, 5, 7, 13, 17, 31, lanes - 1, lanes, lanes + 1, 2 * lanes + 1,
            Gemm.NR - 1, Gemm.NR, Gemm.NR + 1, 3 * Gemm.NR + 5, 64, 97, 128, SMALL_BATCH,
            SMALL_BATCH + 1, Gemm.MR - 1, Gemm.MR + 1, Gemm.KC + 1, Gemm.RB - 1, Gemm.RB + 1, 1024};
        double u = r.nextDouble();
        if (u < 0.6) {
            return Math.max(1, interesting[r.nextInt(interesting.length)]);
        }
        if (u < 0.9) {
            return r.nextInt(1, 140);
        }
        return r.nextInt(Gemm.KC - 2, Math.max(Gemm.NC, 2 * Gemm.RB) + 20); // crosses KC, RB, and NC where small
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void bothFormsStayWithinTheErrorBound(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int m = dimension(r);
        int k = dimension(r);
        int n = dimension(r);
        if ((long) m * k * n > 40_000_000L) { // keep each case fast: shrink the largest dimension
            m = Math.min(m, 40);
        }
        boolean withDx = r.nextInt(6) != 0;
        boolean withDw = !withDx || r.nextInt(6) != 0;
        check(seed, r, m, k, n, withDx, withDw);
    }

    /**
     * Shapes that take each path for certain: the GEMM with edges in every dimension and more than one block of
     * KC, MC and NC; the unpacked small-batch paths; dX swapped.
     */
    @org.junit.jupiter.api.Test
    void everyGemmPathStaysWithinTheErrorBound() {
        int[][] shapes = {{7, 1024, 40}, {Gemm.MR + 1, 2 * Gemm.KC + 3, Gemm.NR + 3},
            {SMALL_BATCH + 3, 70, 45}, {SMALL_BATCH, 33, 300}, {1, 50, 60}, {Gemm.MC + Gemm.MR + 1, 5, Gemm.KC + 1},
            {3, Gemm.NC + Gemm.NR + 1, 2 * Gemm.KC + 1},
            // dX swapped where the blocking allows (MatmulEngine.dxSwapped): dXᵀ's last sliver and last rows short,
            // three rounding blocks; and one block, every sliver whole
            {62, 781, 2 * Gemm.RB + 7}, {64, 784, Gemm.RB}};
        long seed = PropertyRun.MASTER_SEED;
        for (int[] s : shapes) {
            check(seed, new SplittableRandom(seed), s[0], s[1], s[2], true, true);
        }
    }

    static void check(long seed, SplittableRandom r, int m, int k, int n, boolean withDx, boolean withDw) {
        int[] off = {r.nextInt(9), r.nextInt(9), r.nextInt(9), r.nextInt(9), r.nextInt(9)};
        float[] dY = fill(r, off[0] + m * n + 3);
        float[] x = fill(r, off[1] + m * k + 3);
        float[] w = fill(r, off[2] + k * n + 3);
        float[] dX = fill(r, off[3] + m * k + 3);
        float[] dW = fill(r, off[4] + k * n + 3);
        String shape = "m=" + m + " k=" + k + " n=" + n + (withDx ? "" : ", dX null") + (withDw ? "" : ", dW null")
                + ", offsets " + Arrays.toString(off);
        float[] scalarX = null;
        float[] scalarW = null;
        for (BackwardKernels kernels : new BackwardKernels[] {Kernels.scalar(), Kernels.named("vector")}) {
            float[] gX = dX.clone();
            float[] gW = dW.clone();
            float[][] inputs = {dY.clone(), x.clone(), w.clone()};
            kernels.matmulBackward(dY, off[0], x, off[1], w, off[2], withDx ? gX : null, off[3],
                    withDw ? gW : null, off[4], m, k, n);
            String bad = null;
            if (!Arrays.equals(inputs[0], dY) || !Arrays.equals(inputs[1], x) || !Arrays.equals(inputs[2], w)) {
                bad = "an input was written";
            } else if (withDx) {
                bad = MatmulReference.checkDx(dY, off[0], w, off[2], dX, gX, off[3], m, k, n);
            }
            if (bad == null && withDw) {
                bad = MatmulReference.checkDw(x, off[1], dY, off[0], dW, gW, off[4], m, k, n);
            }
            if (bad == null && scalarX != null) { // the contract's order: the vector kernels give the scalar bits
                bad = Bits.firstDifference("dX (want: scalar)", scalarX, gX);
                if (bad == null) {
                    bad = Bits.firstDifference("dW (want: scalar)", scalarW, gW);
                }
            }
            scalarX = gX;
            scalarW = gW;
            if (bad == null) {
                bad = sentinels("dX", dX, gX, off[3], withDx ? m * k : 0);
            }
            if (bad == null) {
                bad = sentinels("dW", dW, gW, off[4], withDw ? k * n : 0);
            }
            if (bad != null) {
                fail(kernels.name() + " matmulBackward, " + shape + ", seed " + seed + ": " + bad + " ("
                        + PropertyRun.rerun(seed) + ")");
            }
        }
    }

    static float[] fill(SplittableRandom r, int len) {
        return RandomFloats.fill(r, len, RandomFloats::ordinary);
    }

    /** Everything outside [off, off + len) must be as it was, bit for bit. */
    static String sentinels(String name, float[] before, float[] after, int off, int len) {
        for (int i = 0; i < before.length; i++) {
            boolean outside = i < off || i >= off + len;
            if (outside && Float.floatToRawIntBits(before[i]) != Float.floatToRawIntBits(after[i])) {
                return name + "[" + i + "] outside the output region was written";
            }
        }
        return null;
    }
}
