package dev.backflow.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backflow.BackwardKernels;
import dev.backflow.Kernels;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Gemm#multiply} into a C stored transposed (the swapped dX route) gives, bit for bit, the transpose of the
 * same product into a C stored as is: edges in every dimension (rows past the last LANES×LANES block, a short last
 * sliver), more than one rounding block, more than one block of A and more than one panel of B, and sgemm's alphas,
 * which matmulBackward (alpha 1) never passes.
 */
class TransposedCTest {

    @Test
    void aTransposedCGetsTheTransposeOfThePlainProduct() {
        SplittableRandom r = new SplittableRandom(19);
        int[][] shapes = {{Gemm.MC + 7, 2 * Gemm.NR + 5, Gemm.RB + 9}, {VectorKernels.LANES, Gemm.NR, 3},
            {1, 1, 1}, {Gemm.MR + 1, VectorKernels.LANES + 3, 40}, {3 * VectorKernels.LANES, 2 * Gemm.NR, 2 * Gemm.RB},
            {Gemm.MR + 2, Gemm.NC + Gemm.NR + 3, 20}}; // a second panel of B: the engine's rule never takes one
        for (int[] shape : shapes) {
            for (float alpha : new float[] {1f, 0.5f, -3f}) {
                check(r, shape[0], shape[1], shape[2], alpha);
            }
        }
    }

    /**
     * matmulBackward's dX on the swapped route, on parts of larger arrays (offsets, rows longer than the matrix) and
     * on 1 to 4 threads (8M multiply-adds: three grains, so the product is cut), gives the scalar kernels' bits and
     * writes nothing outside dX's rows.
     */
    @Test
    void swappedDxOnPartsOfArraysAndOnThreadsGivesTheScalarBits() {
        int m = 62;
        int k = 512;
        int n = 256;
        assertTrue(MatmulEngine.dxSwapped(m, k, n) == (Blocking.CURRENT.swapDx() && Transpose.SUPPORTED));
        SplittableRandom r = new SplittableRandom(20);
        int ldY = n + 5;
        int ldW = n + 3;
        int ldX = k + 7;
        float[] dY = fill(r, 2 + m * ldY);
        float[] w = fill(r, 1 + k * ldW);
        float[] dX = fill(r, 3 + m * ldX);
        float[] want = dX.clone();
        Kernels.scalar().matmulBackward(dY, 2, ldY, null, 0, k, w, 1, ldW, want, 3, ldX, null, 0, n, m, k, n);
        for (int threads = 1; threads <= 4; threads++) {
            BackwardKernels kernels = Kernels.parallel("vector", threads);
            float[] got = dX.clone();
            kernels.matmulBackward(dY, 2, ldY, null, 0, k, w, 1, ldW, got, 3, ldX, null, 0, n, m, k, n);
            for (int i = 0; i < got.length; i++) {
                assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(got[i]),
                        threads + " thread(s): dX's array at " + i);
            }
        }
    }

    private static void check(SplittableRandom r, int m, int n, int k, float alpha) {
        // A m×k as it lies, B stored n×k (transposed, as dYᵀ is on the swapped route), C m×n
        float[] a = fill(r, m * k);
        float[] b = fill(r, n * k);
        int ldc = n + 3;
        int ldt = m + 2;
        float[] plain = fill(r, m * ldc);
        float[] transposed = new float[n * ldt];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                transposed[j * ldt + i] = plain[i * ldc + j];
            }
        }
        float[] padding = transposed.clone();
        Scratch s = ScratchPool.acquire(Gemm.packedAFloats(m, k), Gemm.packedBFloats(k, n), Gemm.tileFloats(m, n));
        try {
            Gemm.multiply(s, m, n, k, alpha, a, 0, k, 1, b, 0, 1, k, plain, 0, ldc, false);
            Gemm.multiply(s, m, n, k, alpha, a, 0, k, 1, b, 0, 1, k, transposed, 0, ldt, true);
        } finally {
            ScratchPool.release(s);
        }
        String shape = m + "×" + n + ", " + k + " deep, alpha " + alpha;
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < ldt; i++) {
                float want = i < m ? plain[i * ldc + j] : padding[j * ldt + i];
                assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(transposed[j * ldt + i]),
                        shape + ": C(" + i + ", " + j + ")");
            }
        }
    }

    private static float[] fill(SplittableRandom r, int length) {
        float[] v = new float[length];
        for (int i = 0; i < length; i++) {
            v[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return v;
    }
}
