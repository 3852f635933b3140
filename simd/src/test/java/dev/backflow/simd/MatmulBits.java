package dev.backflow.simd;

import static dev.backflow.BackwardKernels.MATMUL_DOT_BATCH;

import dev.backflow.testing.RandomFloats;
import java.util.SplittableRandom;

/**
 * A child-JVM program for {@link JitIndependenceTest}: runs matmulBackward through each path of the vector
 * engine (the small-batch dot products, the rank-one dW, the packed GEMM with edges and two depth blocks) and
 * prints the raw bits of every output, once for the first call and, with the argument {@code warm}, again
 * after enough calls for C2 to have compiled the kernels.
 */
public final class MatmulBits {
    private MatmulBits() {}

    /** m, k, n: dX dot products (m small, n two vectors and more), dW rank one (m = 1), the packed GEMM. */
    static int[][] shapes() {
        int l = VectorKernels.LANES;
        return new int[][] {{1, 4, 64}, {3, 5, 2 * l + 3}, {1, 7, 3 * l}, {MATMUL_DOT_BATCH + 5, 9, Gemm.RB + 7}};
    }

    public static void main(String[] args) {
        VectorKernels k = new VectorKernels();
        boolean warm = args.length > 0 && args[0].equals("warm");
        System.out.println("first " + run(k));
        if (warm) {
            String last = null;
            for (int i = 0; i < 3000; i++) {
                last = run(k);
            }
            System.out.println("warm " + last);
        }
    }

    static String run(VectorKernels k) {
        StringBuilder out = new StringBuilder();
        for (int[] s : shapes()) {
            int m = s[0];
            int kk = s[1];
            int n = s[2];
            SplittableRandom r = new SplittableRandom(m * 31L + kk * 7L + n);
            float[] dY = fill(r, m * n);
            float[] x = fill(r, m * kk);
            float[] w = fill(r, kk * n);
            float[] dX = fill(r, m * kk);
            float[] dW = fill(r, kk * n);
            k.matmulBackward(dY, x, w, dX, dW, m, kk, n);
            long h = 1;
            for (float v : dX) {
                h = h * 1_000_003 + Float.floatToRawIntBits(v);
            }
            for (float v : dW) {
                h = h * 1_000_003 + Float.floatToRawIntBits(v);
            }
            out.append(m).append('x').append(kk).append('x').append(n).append(':').append(Long.toHexString(h))
                    .append(' ');
        }
        return out.toString().trim();
    }

    /** Fractions in [-1, 1). */
    static float[] fill(SplittableRandom r, int len) {
        return RandomFloats.fill(r, len, x -> (float) (x.nextDouble() * 2 - 1));
    }
}
