package dev.backflow.bench.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backflow.Kernels;
import dev.backflow.bench.harness.MatmulPeer;
import dev.backflow.internal.Split;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The threads parameter reaches what each benchmark runs: Backflow's parallel kernels, or one thread only. */
class ThreadsParamTest {

    static ElementwiseBench elementwise(String impl, int threads) {
        ElementwiseBench b = new ElementwiseBench();
        b.impl = impl;
        b.kernel = "mul";
        b.size = "L1";
        b.threads = threads;
        b.setup();
        return b;
    }

    static MatmulBench matmul(String impl, int threads) {
        MatmulBench b = new MatmulBench();
        b.impl = impl;
        b.shape = "16";
        b.threads = threads;
        b.setup();
        return b;
    }

    @Test
    void oneThreadIsTheSingleThreadedKernelsThemselves() {
        assertSame(Kernels.named("vector"), elementwise("vector", 1).kernels);
        assertSame(Kernels.named("scalar"), elementwise("scalar", 1).kernels);
        assertSame(Kernels.named("vector"), ((MatmulPeer.Backflow) matmul("vector", 1).peer).kernels());
    }

    @Test
    void moreThreadsAreKernelsParallel() {
        assertSame(Kernels.parallel("vector", 2), elementwise("vector", 2).kernels);
        assertSame(Kernels.parallel("scalar", 3), elementwise("scalar", 3).kernels);
        assertSame(Kernels.parallel("vector", 2), ((MatmulPeer.Backflow) matmul("vector", 2).peer).kernels());
        assertSame(Kernels.parallel("scalar", 2), ((MatmulPeer.Backflow) matmul("scalar", 2).peer).kernels());
    }

    @Test
    void ejmlAndVectorBlasRunOnOneThreadOnly() {
        matmul("ejml", 1);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> matmul("ejml", 2));
        assertTrue(e.getMessage().contains("ejml runs on one thread only"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> matmul("netlib-vector", 2));
    }

    /** The probe cuts its streams where the kernels cut a call of the same length: core's own Split. */
    @Test
    void theBandwidthProbeSplitsAsTheKernelsDo() {
        assertEquals(Split.ELEMENTWISE_GRAIN, BandwidthBench.GRAIN);
        assertEquals(Split.ALIGN, BandwidthBench.ALIGN);
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < 2000; i++) {
            int n = i < 1000 ? r.nextInt(0, 1 << 22) : r.nextInt(0, 1 << 30);
            int threads = r.nextInt(1, 17);
            int parts = BandwidthBench.parts(threads, n);
            assertEquals(Split.parts(threads, n, Split.ELEMENTWISE_GRAIN, n / Split.ALIGN), parts,
                    "n " + n + ", threads " + threads);
            for (int p = 0; p <= parts; p++) {
                assertEquals(Split.start(p, parts, n, Split.ALIGN), BandwidthBench.start(p, parts, n));
            }
        }
    }
}
