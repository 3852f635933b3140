package dev.backflow.simd;

import dev.backflow.BackwardKernels;
import dev.backflow.Kernels;
import java.util.Arrays;

/**
 * A child-JVM program for {@link HugeShapeTest}: matmulBackward at shapes whose outputs hold just under 2³¹
 * floats, where a loop index that steps past its bound wraps around (found by review: with m = n = 1 and
 * k = 2,147,483,000 the GEMM's column loop never ended; with m = k = 1 and n = 2,147,483,639 dW threw after
 * writing most of it). Each implementation named in the arguments must return, with every element right.
 * Needs about 17.5 GiB of heap.
 */
public final class HugeShapes {
    private HugeShapes() {}

    static final int K = 2_147_483_000;
    static final int N = 2_147_483_639;

    public static void main(String[] args) {
        for (String name : args) {
            BackwardKernels kernels = Kernels.named(name);
            float[] dY = {1f};
            float[] w = new float[K];
            Arrays.fill(w, 2f);
            float[] dX = new float[K];
            kernels.matmulBackward(dY, 0, null, 0, w, 0, dX, 0, null, 0, 1, K, 1);
            check(name + " dX (m = n = 1, k = " + K + ")", dX, 2f);
            w = null;
            dX = null;
            float[] x = {3f};
            float[] g = new float[N];
            Arrays.fill(g, 1f);
            float[] dW = new float[N];
            kernels.matmulBackward(g, 0, x, 0, null, 0, null, 0, dW, 0, 1, 1, N);
            check(name + " dW (m = k = 1, n = " + N + ")", dW, 3f);
            System.out.println("ok " + name);
        }
    }

    private static void check(String what, float[] out, float want) {
        for (int i = 0; i < out.length; i++) {
            if (out[i] != want) {
                System.out.println("wrong " + what + ": element " + i + " is " + out[i] + ", not " + want);
                System.exit(1);
            }
        }
    }
}
