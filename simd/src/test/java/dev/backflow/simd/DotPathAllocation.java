package dev.backflow.simd;

import dev.backflow.BackwardKernels;
import dev.backflow.Kernels;
import dev.backflow.testing.Allocation;
import java.util.Random;

/**
 * A child JVM's main for {@link DotPathAllocationTest}: warms matmulBackward up in the order its argument names, then
 * prints, for each of a few shapes that take dX's dot path, the least bytes this thread allocated over {@link #CALLS}
 * calls ({@link Allocation#least}), as m×k×n: {@code 8x8x8=0 32x128x64=0 ...}. dX's dot products are n terms long.
 * The last shape is a batch of 200: dX on the packed GEMM, and dW's sums 200 terms long, so that a kc below the
 * rounding block (a property, or a CPU without tuned defaults) resumes its tiles from the tile buffer.
 */
final class DotPathAllocation {
    private DotPathAllocation() {}

    static final int CALLS = 2000;
    static final int[][] SHAPES = {{8, 8, 8}, {32, 128, 64}, {32, 10, 128}, {2, 33, 17}, {31, 100, 50}, {1, 64, 12},
        {5, 16, 4}, {32, 128, 10}, {200, 48, 40}};
    private static final int SIZE = 1 << 16;
    private static final float[] X = floats(1), W = floats(2), DY = floats(3);
    private static final float[] DX = new float[SIZE], DW = new float[SIZE];

    private static float[] floats(long seed) {
        Random random = new Random(seed);
        float[] a = new float[SIZE];
        for (int i = 0; i < SIZE; i++) {
            a[i] = random.nextFloat() - 0.5f;
        }
        return a;
    }

    private static void call(BackwardKernels kernels, int m, int k, int n) {
        kernels.matmulBackward(DY, 0, X, 0, W, 0, DX, 0, DW, 0, m, k, n);
    }

    public static void main(String[] args) {
        BackwardKernels k = Kernels.named("vector");
        switch (args[0]) {
            case "none" -> {}
            // many rows of W per call first: the order in which the reverted tree's helpers were left uninlined
            case "wide" -> {
                for (int rep = 0; rep < 3000; rep++) {
                    call(k, 3, 200 + rep % 17, 40);
                }
            }
            case "small" -> {
                for (int rep = 0; rep < 30; rep++) {
                    for (int m = 1; m <= 33; m += 3) {
                        for (int n = 1; n <= 70; n += 7) {
                            call(k, m, n, 8 + n % 9);
                        }
                    }
                }
            }
            default -> throw new IllegalArgumentException("order: none, wide or small, not " + args[0]);
        }
        StringBuilder out = new StringBuilder();
        for (int[] s : SHAPES) {
            long least = Allocation.least(() -> call(k, s[0], s[1], s[2]), 20_000, CALLS, 3);
            out.append(s[0]).append('x').append(s[1]).append('x').append(s[2]).append('=').append(least).append(' ');
        }
        System.out.println(out.toString().trim());
    }
}
