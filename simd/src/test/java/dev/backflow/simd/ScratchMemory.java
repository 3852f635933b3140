package dev.backflow.simd;

import dev.backflow.BackwardKernels;
import dev.backflow.internal.Split;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Child-JVM programs for {@link ScratchTest}, each run with a small heap.
 * <ul>
 *   <li>{@code virtual N}: N virtual threads each make one packed matmul call and then stay alive, all at once;
 *       prints "ok" and the number of idle scratches kept.</li>
 *   <li>{@code oom}: fills the heap, then makes a call whose dX takes the unpacked path and whose dW needs
 *       packing scratch that cannot be had; prints "untouched" if the OutOfMemoryError left dX and dW as they
 *       were, then retries with memory and prints "retried" if the result is right.</li>
 *   <li>{@code oom-sgemm}: the same for sgemm with beta 0.5 on two routes that need scratch, the packed GEMM
 *       (m 64, n 1024, k 1024) and the dot order with A transposed, whose rows are copied (m 16, n 8, k 60000): prints
 *       "ROUTE threw untouched" if the OutOfMemoryError left C as it was, then "ROUTE retried" if a retry with
 *       memory gives the bits of a fresh kernel.</li>
 *   <li>{@code parked N}: N virtual threads each make one matmul call split into 16 parts, all at once; run on
 *       one processor, so that a caller parked while workers finish its parts lets the next caller start;
 *       prints "ok" if every call succeeded and gave the one-thread bits, then the most calls that were in
 *       flight at once and the pool's bound on split calls.</li>
 * </ul>
 */
public final class ScratchMemory {
    private ScratchMemory() {}

    public static void main(String[] args) throws Exception {
        VectorKernels k = new VectorKernels();
        if (args[0].equals("virtual")) {
            virtualThreads(k, Integer.parseInt(args[1]));
        } else if (args[0].equals("parked")) {
            parkedCallers(Integer.parseInt(args[1]));
        } else if (args[0].equals("oom-sgemm")) {
            sgemmOutOfMemory(k);
        } else {
            outOfMemory(k);
        }
    }

    static void virtualThreads(VectorKernels k, int threads) throws InterruptedException {
        int m = 40;
        int kk = 300;
        int n = 300; // packed in both products, scratch of about 0.5 MiB
        float[] dY = new float[m * n];
        float[] x = new float[m * kk];
        float[] w = new float[kk * n];
        CountDownLatch called = new CountDownLatch(threads);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch release = new CountDownLatch(1);
        Thread[] all = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            all[t] = Thread.ofVirtual().start(() -> {
                try {
                    k.matmulBackward(dY, x, w, new float[m * kk], new float[kk * n], m, kk, n);
                } catch (Throwable e) { // an OutOfMemoryError here is what this program looks for
                    failure.compareAndSet(null, e);
                }
                called.countDown();
                try {
                    release.await(); // stay alive, as a server's request threads do
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        called.await();
        if (failure.get() != null) {
            System.out.println("failed: " + failure.get());
            System.exit(1);
        }
        System.gc();
        System.out.println("ok idle=" + ScratchPool.idle() + " slots=" + ScratchPool.SLOTS);
        release.countDown();
        for (Thread t : all) {
            t.join();
        }
    }

    static void parkedCallers(int callers) throws InterruptedException {
        // dX only, packed (m above the unpacked batch), cut into 16 parts of its 512 columns: each part's
        // scratch is a packed copy of dY's first block and a B panel, about 70 KiB, so a caller holds over
        // 1 MiB of scratch while its parts run. Hundreds of callers each holding that would not fit the heap.
        Split.overrideGrainForTests(1);
        VectorKernels k16 = new VectorKernels(16);
        int m = 64;
        int kk = 512;
        int n = 512;
        float[] dY = MatmulBits.fill(new SplittableRandom(1), m * n);
        float[] w = MatmulBits.fill(new SplittableRandom(3), kk * n);
        float[] expected = new float[m * kk];
        new VectorKernels().matmulBackward(dY, 0, null, 0, w, 0, expected, 0, null, 0, m, kk, n);
        // The split path once here: its classes loaded and the workers started before any virtual caller runs
        // (a virtual thread reading a class file may get a second carrier meanwhile).
        k16.matmulBackward(dY, 0, null, 0, w, 0, new float[m * kk], 0, null, 0, m, kk, n);
        AtomicReference<String> failure = new AtomicReference<>();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        Thread[] all = new Thread[callers];
        for (int t = 0; t < callers; t++) {
            all[t] = Thread.ofVirtual().start(() -> {
                try {
                    float[] dX = new float[m * kk];
                    peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                    k16.matmulBackward(dY, 0, null, 0, w, 0, dX, 0, null, 0, m, kk, n);
                    inFlight.decrementAndGet();
                    if (!Arrays.equals(expected, dX)) {
                        failure.compareAndSet(null, "different bits");
                    }
                } catch (Throwable e) { // an OutOfMemoryError here is what this program looks for
                    failure.compareAndSet(null, e.toString());
                }
            });
        }
        for (Thread t : all) {
            t.join();
        }
        System.out.println((failure.get() == null ? "ok" : "failed: " + failure.get()) + " peak=" + peak.get()
                + " processors=" + Runtime.getRuntime().availableProcessors());
    }

    static void outOfMemory(VectorKernels k) {
        int m = BackwardKernels.MATMUL_DOT_BATCH; // dX: dot products, no scratch; dW: packed GEMM, needs scratch
        int kk = 1024;
        int n = 1024;
        float[] dY = MatmulBits.fill(new SplittableRandom(1), m * n);
        float[] x = MatmulBits.fill(new SplittableRandom(2), m * kk);
        float[] w = MatmulBits.fill(new SplittableRandom(3), kk * n);
        float[] dX = new float[m * kk];
        float[] dW = new float[kk * n];
        // Every path once, small: links the Vector API's call sites and sizes the pool's scratch for this small
        // call only (the dispatcher's provider does the same when it creates the kernels).
        k.matmulBackward(dY, 0, x, 0, w, 0, new float[m * kk], 0, new float[kk * 8], 0, m, kk, 8);
        Arrays.fill(dX, 1f);
        Arrays.fill(dW, 2f);
        List<Object> ballast = fillHeap();
        boolean threw = false;
        try {
            k.matmulBackward(dY, x, w, dX, dW, m, kk, n);
        } catch (OutOfMemoryError e) {
            threw = true;
        }
        ballast = null;
        System.gc();
        boolean untouched = true;
        for (float v : dX) {
            untouched &= v == 1f;
        }
        for (float v : dW) {
            untouched &= v == 2f;
        }
        System.out.println((threw ? "threw " : "did-not-throw ") + (untouched ? "untouched" : "written"));
        if (threw && untouched) {
            float[] eX = dX.clone();
            float[] eW = dW.clone();
            new VectorKernels().matmulBackward(dY, x, w, eX, eW, m, kk, n);
            k.matmulBackward(dY, x, w, dX, dW, m, kk, n);
            System.out.println(Arrays.equals(eX, dX) && Arrays.equals(eW, dW) ? "retried" : "retry-differs");
        }
    }

    static void sgemmOutOfMemory(VectorKernels k) {
        // Every route once, small: the pool's scratch is sized for these calls only.
        k.sgemm(false, false, 64, 8, 8, 1f, new float[64 * 8], 0, 8, new float[64], 0, 8, 0.5f, new float[64 * 8], 0,
                8);
        k.sgemm(true, true, 16, 8, 512, 1f, new float[512 * 16], 0, 16, new float[8 * 512], 0, 512, 0.5f,
                new float[16 * 8], 0, 8);
        int[][] cases = {{0, 0, 64, 1024, 1024}, {1, 1, 16, 8, 60_000}}; // transA, transB, m, n, k
        String[] names = {"packed", "dot-copy"};
        for (int i = 0; i < cases.length; i++) {
            boolean ta = cases[i][0] == 1;
            boolean tb = cases[i][1] == 1;
            int m = cases[i][2];
            int n = cases[i][3];
            int kk = cases[i][4];
            float[] a = MatmulBits.fill(new SplittableRandom(4), m * kk);
            float[] b = MatmulBits.fill(new SplittableRandom(5), kk * n);
            float[] c = MatmulBits.fill(new SplittableRandom(6), m * n);
            float[] before = c.clone();
            int lda = ta ? m : kk;
            int ldb = tb ? kk : n;
            List<Object> ballast = fillHeap();
            boolean threw = false;
            try {
                k.sgemm(ta, tb, m, n, kk, 1f, a, 0, lda, b, 0, ldb, 0.5f, c, 0, n);
            } catch (OutOfMemoryError e) {
                threw = true;
            }
            ballast = null;
            System.gc();
            boolean untouched = Arrays.equals(before, c);
            System.out.println(names[i] + (threw ? " threw " : " did-not-throw ")
                    + (untouched ? "untouched" : "written"));
            if (threw && untouched) {
                float[] expected = c.clone();
                new VectorKernels().sgemm(ta, tb, m, n, kk, 1f, a, 0, lda, b, 0, ldb, 0.5f, expected, 0, n);
                k.sgemm(ta, tb, m, n, kk, 1f, a, 0, lda, b, 0, ldb, 0.5f, c, 0, n);
                System.out.println(names[i] + (Arrays.equals(expected, c) ? " retried" : " retry-differs"));
            }
        }
    }

    /** Takes all the heap it can get in blocks down to 4 KiB, and returns them so they stay reachable. */
    static List<Object> fillHeap() {
        ArrayList<Object> blocks = new ArrayList<>(100_000);
        for (int size = 1 << 22; size >= 1 << 10; size >>= 1) {
            try {
                while (true) {
                    blocks.add(new float[size]);
                }
            } catch (OutOfMemoryError e) {
                // next, smaller size
            }
        }
        return blocks;
    }
}
