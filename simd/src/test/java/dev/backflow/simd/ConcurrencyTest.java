package dev.backflow.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.backflow.BackwardKernels;
import dev.backflow.Kernels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The vector kernels are shared by every thread (one instance, GEMM scratch from a shared pool): many threads calling
 * at once on disjoint outputs get exactly the results of one thread calling alone.
 */
class ConcurrencyTest {

    @Test
    void concurrentCallsOnDisjointOutputsGiveTheSingleThreadedBits() throws Exception {
        BackwardKernels k = Kernels.named("vector");
        int m = 70;
        int kk = 90;
        int n = 110; // above the small-shape limits: the packed GEMM and its scratch are used
        SplittableRandom r = new SplittableRandom(3);
        float[] dY = MatmulPropertyTest.fill(r, m * n);
        float[] x = MatmulPropertyTest.fill(r, m * kk);
        float[] w = MatmulPropertyTest.fill(r, kk * n);
        float[] dz = MatmulPropertyTest.fill(r, 5000);
        float[] expectX = new float[m * kk];
        float[] expectW = new float[kk * n];
        float[] expectRelu = new float[5000];
        k.matmulBackward(dY, x, w, expectX, expectW, m, kk, n);
        k.reluBackward(dz, dz, expectRelu);
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<float[][]>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    float[][] out = {new float[m * kk], new float[kk * n], new float[5000]};
                    for (int rep = 0; rep < 20; rep++) {
                        Arrays.fill(out[0], 0f);
                        Arrays.fill(out[1], 0f);
                        Arrays.fill(out[2], 0f);
                        k.matmulBackward(dY, x, w, out[0], out[1], m, kk, n);
                        k.reluBackward(dz, dz, out[2]);
                    }
                    return out;
                }));
            }
            for (Future<float[][]> f : results) {
                float[][] out = f.get();
                assertArrayEquals(expectX, out[0]);
                assertArrayEquals(expectW, out[1]);
                assertArrayEquals(expectRelu, out[2]);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
