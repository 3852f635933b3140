package dev.backflow.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backflow.internal.Split;
import dev.backflow.testing.ChildJvm;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * No loop of the matmul engine or of the scalar loops overflows at sizes up to {@link Integer#MAX_VALUE}
 * elements: the block arithmetic at those bounds (no memory needed), and real calls at outputs of just under
 * 2³¹ floats in a child JVM with an 18 GiB heap, where the machine has the memory (skipped, and said so,
 * where it has not). Before the fix, the first call never returned and the second threw after writing.
 */
class HugeShapeTest {

    static final long HEAP_BYTES = 18L << 30;

    @Test
    void blockArithmeticStaysInRangeAtTheLargestSizes() {
        int max = Integer.MAX_VALUE;
        assertTrue(Gemm.packedAFloats(max, max) > 0 && Gemm.packedBFloats(max, max) > 0
                && Gemm.tileFloats(max, max) > 0);
        assertEquals(max, Split.start(7, 7, max, Gemm.NR));
        for (int parts = 1; parts <= 8; parts++) {
            int last = 0;
            for (int p = 1; p <= parts; p++) {
                int s = Split.start(p, parts, max, Gemm.NR);
                assertTrue(s >= last, "part starts never go backwards");
                last = s;
            }
            assertEquals(max, last);
        }
        // The loops step by the current block's length: the last step lands exactly on the bound.
        for (int step : new int[] {Gemm.NC, Gemm.MC, Gemm.RB, Gemm.KC}) {
            int steps = 0;
            int at = 0;
            for (int len; at < max; at += len) {
                len = Math.min(step, max - at);
                steps++;
                if (steps > max / step + 1) {
                    break;
                }
            }
            assertEquals(max, at, "step " + step);
        }
    }

    @Test
    void callsWithOutputsOfNearly2To31FloatsReturnWithEveryElementRight() throws Exception {
        Assumptions.assumeFalse(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .anyMatch(a -> a.contains("MaxVectorSize") || a.contains("UseAVX")),
                "runs in the default test execution only (it takes a minute or more; widths do not matter here)");
        long available = availableBytes();
        Assumptions.assumeTrue(available > HEAP_BYTES + (2L << 30), "skipped: this machine has "
                + (available >> 20) + " MiB available, the child JVM needs an 18 GiB heap");
        ChildJvm.Result r = ChildJvm.java(600, "-Xmx18g", "--add-modules", "jdk.incubator.vector", "-cp",
                SimdPaths.WITH_TESTS, HugeShapes.class.getName(), "scalar", "vector");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("ok scalar") && r.out().contains("ok vector"), r.out() + r.err());
    }

    /** MemAvailable from /proc/meminfo, or 0 where it cannot be read. */
    static long availableBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemAvailable:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (Exception e) {
            return 0;
        }
        return 0;
    }
}
