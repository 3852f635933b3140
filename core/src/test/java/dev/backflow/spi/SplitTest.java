package dev.backflow.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backflow.Kernels;
import dev.backflow.internal.ScalarLoops;
import dev.backflow.internal.Split;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How the checked base cuts elementwise calls: not below the measured size or on one thread, otherwise into
 * contiguous ranges at multiples of 64 elements that cover the call exactly once; copy over its columns with
 * the full row length as stride; and a failing range reaches the caller.
 */
class SplitTest {

    static final int GRAIN = Split.ELEMENTWISE_GRAIN;

    @AfterEach
    void restoreTheMeasuredGrain() {
        Split.overrideGrainForTests(0);
    }

    /** Records each kernel call's range (relative to dx's offset) and applies the reference loop. */
    static final class Recording extends CheckedBackwardKernels {
        record Range(int from, int length, int stride) {}

        final List<Range> ranges = new ArrayList<>();
        volatile int failAt = -1;

        Recording(int threads) {
            super(threads);
        }

        @Override
        public String name() {
            return "recording";
        }

        private void record(int from, int length, int stride) {
            synchronized (ranges) {
                ranges.add(new Range(from, length, stride));
            }
            if (failAt >= from && failAt < from + length) {
                throw new IllegalStateException("range at " + from);
            }
        }

        List<Range> sorted() {
            synchronized (ranges) {
                List<Range> out = new ArrayList<>(ranges);
                out.sort(Comparator.comparingInt(Range::from));
                ranges.clear();
                return out;
            }
        }

        static final int DX_OFF = 3; // the tests pass dx at this offset

        @Override
        protected void addKernel(float[] dz, int dzOff, float[] dx, int dxOff, float[] dy, int dyOff, int n) {
            record(dxOff - DX_OFF, n, 0);
            ScalarLoops.add(dz, dzOff, dx, dxOff, dy, dyOff, n);
        }

        @Override
        protected void mulKernel(float[] dz, int dzOff, float[] x, int xOff, float[] y, int yOff,
                                 float[] dx, int dxOff, float[] dy, int dyOff, int n) {
            record(dxOff - DX_OFF, n, 0);
        }

        @Override
        protected void maxKernel(float[] dz, int dzOff, float[] x, int xOff, float[] y, int yOff,
                                 float[] dx, int dxOff, float[] dy, int dyOff, int n) {
            record(dxOff - DX_OFF, n, 0);
        }

        @Override
        protected void reluKernel(float[] dz, int dzOff, float[] x, int xOff, float[] dx, int dxOff, int n) {
            record(dxOff - DX_OFF, n, 0);
        }

        @Override
        protected void sigmoidKernel(float[] dz, int dzOff, float[] s, int sOff, float[] dx, int dxOff, int n) {
            record(dxOff - DX_OFF, n, 0);
        }

        @Override
        protected void copyKernel(float[] dz, int dzOff, int copies, int stride, float[] dx, int dxOff, int n) {
            record(dxOff - DX_OFF, n, stride);
            assertEquals(dzOff - 5, dxOff - DX_OFF, "dz's range starts at the same column"); // dz at offset 5
            ScalarLoops.copy(dz, dzOff, copies, stride, dx, dxOff, n);
        }

        @Override
        protected void matmulKernel(float[] dY, int dYOff, int ldDY, float[] x, int xOff, int ldX, float[] w,
                                    int wOff, int ldW, float[] dX, int dXOff, int ldDX, float[] dW, int dWOff,
                                    int ldDW, int m, int k, int n) {
            throw new AssertionError("not used");
        }
    }

    static List<Recording.Range> add(Recording k, int n) {
        k.addBackward(new float[n], 0, new float[n + 3], 3, new float[n], 0, n);
        return k.sorted();
    }

    /** The ranges are contiguous, cover [0, n) once, start at multiples of 64 and number {@code parts}. */
    static void assertCut(List<Recording.Range> ranges, int n, int parts) {
        assertEquals(parts, ranges.size(), ranges.toString());
        int next = 0;
        for (Recording.Range r : ranges) {
            assertEquals(next, r.from(), ranges.toString());
            assertEquals(0, r.from() % Split.ALIGN, ranges.toString());
            assertTrue(r.length() >= Split.ALIGN || parts == 1, ranges.toString());
            next += r.length();
        }
        assertEquals(n, next, ranges.toString());
    }

    @Test
    void smallCallsAndOneThreadStayWhole() {
        assertCut(add(new Recording(4), 2 * GRAIN - 1), 2 * GRAIN - 1, 1);
        assertCut(add(new Recording(1), 4 * GRAIN), 4 * GRAIN, 1);
    }

    @Test
    void largeCallsGetOnePartPerGrainUpToTheThreadCount() {
        assertCut(add(new Recording(4), 2 * GRAIN), 2 * GRAIN, 2);
        assertCut(add(new Recording(4), 3 * GRAIN + 5), 3 * GRAIN + 5, 3);
        int grain = 4096; // the same rule at a smaller grain, to keep the arrays small
        Split.overrideGrainForTests(grain);
        assertCut(add(new Recording(4), 4 * grain - 1), 4 * grain - 1, 3);
        assertCut(add(new Recording(4), 40 * grain + 1), 40 * grain + 1, 4);
        assertCut(add(new Recording(7), 40 * grain + 63), 40 * grain + 63, 7);
    }

    @Test
    void everyElementwiseKernelSplits() {
        Split.overrideGrainForTests(4096);
        Recording k = new Recording(3);
        int n = 9 * 4096 + 17;
        float[] a = new float[n];
        float[] b = new float[n];
        float[] c = new float[n];
        float[] dx = new float[n + 3];
        float[] dy = new float[n];
        k.mulBackward(a, 0, b, 0, c, 0, dx, 3, dy, 0, n);
        assertCut(k.sorted(), n, 3);
        k.maxBackward(a, 0, b, 0, c, 0, dx, 3, dy, 0, n);
        assertCut(k.sorted(), n, 3);
        k.reluBackward(a, 0, b, 0, dx, 3, n);
        assertCut(k.sorted(), n, 3);
        k.sigmoidBackward(a, 0, b, 0, dx, 3, n);
        assertCut(k.sorted(), n, 3);
    }

    @Test
    void copySplitsOverColumnsWithTheFullRowAsStride() {
        Recording k = new Recording(4);
        int copies = 6;
        int n = GRAIN / 2; // copies * n = 3 grains of work: three parts
        float[] dz = new float[5 + copies * n];
        for (int i = 0; i < dz.length; i++) {
            dz[i] = i;
        }
        float[] dx = new float[n + 3];
        k.copyBackward(dz, 5, copies, dx, 3, n);
        List<Recording.Range> ranges = k.sorted();
        assertCut(ranges, n, 3);
        for (Recording.Range r : ranges) {
            assertEquals(n, r.stride());
        }
        for (int j = 0; j < n; j++) {
            float expect = 0;
            for (int c = 0; c < copies; c++) {
                expect += dz[5 + c * n + j];
            }
            assertEquals(expect, dx[3 + j], "dx[" + j + "]");
        }
        Split.overrideGrainForTests(1);
        k.copyBackward(dz, 5, 1, new float[n + 3], 3, 127); // too few columns for two parts of 64
        assertCut(k.sorted(), 127, 1);
    }

    @Test
    void aFailingRangeReachesTheCallerAndTheOthersAreDone() {
        Split.overrideGrainForTests(1);
        Recording k = new Recording(4);
        int n = 4096; // four ranges of 1024
        for (int failAt : new int[] {0, 1500, 4095}) {
            k.failAt = failAt;
            float[] dz = new float[n];
            Arrays.fill(dz, 1f);
            float[] dx = new float[n + 3];
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> k.addBackward(dz, 0, dx, 3, new float[n], 0, n));
            assertEquals("range at " + failAt / 1024 * 1024, e.getMessage());
            for (int i = 0; i < n; i++) {
                boolean failed = i / 1024 == failAt / 1024;
                assertEquals(failed ? 0f : 1f, dx[3 + i], "dx[" + i + "] when the range at " + failAt + " fails");
            }
            k.sorted();
        }
        k.failAt = -1;
        assertCut(add(k, n), n, 4); // the pool works on
    }

    @Test
    void theBaseAndKernelsRejectABadThreadCountWithOneMessage() {
        for (int bad : new int[] {0, -1, Kernels.MAX_THREADS + 1, Integer.MIN_VALUE}) {
            IllegalArgumentException base = assertThrows(IllegalArgumentException.class, () -> new Recording(bad));
            IllegalArgumentException api = assertThrows(IllegalArgumentException.class, () -> Kernels.parallel(bad));
            assertEquals("threads = " + bad + " is not in [1, " + Kernels.MAX_THREADS + "]", base.getMessage());
            assertEquals(base.getMessage(), api.getMessage());
        }
        assertEquals(Kernels.MAX_THREADS, new Recording(Kernels.MAX_THREADS).threads());
        assertEquals(1, new Recording(1).threads());
    }

    @Test
    void rangesAreEvenAndAligned() {
        for (int length : new int[] {64, 65, 127, 128, 1000, 4096, 100_003}) {
            for (int parts = 1; parts <= Math.min(9, length / 64); parts++) {
                assertEquals(0, Split.start(0, parts, length, 64));
                assertEquals(length, Split.start(parts, parts, length, 64));
                for (int p = 0; p < parts; p++) {
                    int from = Split.start(p, parts, length, 64);
                    int to = Split.start(p + 1, parts, length, 64);
                    assertTrue(from % 64 == 0 && to > from, length + " in " + parts + ": part " + p);
                }
            }
        }
        assertEquals(3, Split.start(1, 1, 3, 1));
        assertEquals(1, Split.parts(8, 0, 1, 8));
        assertEquals(8, Split.parts(8, 1_000_000, 1, 8));
        assertEquals(2, Split.parts(8, 1_000_000, 1, 2));
        assertEquals(3, Split.parts(8, 30, 10, 8));
        assertThrows(IllegalArgumentException.class, () -> Split.parts(8, 30, 0, 8));
    }
}
