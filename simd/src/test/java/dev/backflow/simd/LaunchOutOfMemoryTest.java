package dev.backflow.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The vector kernels' initialisation runs out of heap: the dispatcher falls back to scalar with a warning that
 * names the error, and every call works afterwards (the child JVM is {@link OutOfMemoryChild}).
 */
class LaunchOutOfMemoryTest {

    static ChildJvm.Result child(String... args) throws Exception {
        String[] cmd = {"-Xmx24m", "-XX:+UseSerialGC", "--add-modules", "jdk.incubator.vector", "-cp",
            ChildJvm.WITH_TESTS, OutOfMemoryChild.class.getName()};
        String[] all = java.util.Arrays.copyOf(cmd, cmd.length + args.length);
        System.arraycopy(args, 0, all, cmd.length, args.length);
        return ChildJvm.java(all);
    }

    @Test
    void anOutOfMemoryErrorWhileTheVectorKernelsInitialiseFallsBackToScalar() throws Exception {
        // 48 KiB free: enough for the dispatcher and its log line (16 KiB was, on Zen 3), not for the warm-up's 64³
        // matmul arrays (80 KiB) with the GEMM's scratch (48 KiB for that call: packed A, packed B and the tile
        // buffer). The child's checks, run before the heap is filled, include the self-test, which loads the
        // Vector API's classes: with them loaded, create() fitted in 80 KiB and failed in 64.
        ChildJvm.Result r = child("48", "--log-first");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("checks: none"), r.out());
        assertTrue(r.out().contains("best: scalar"), r.out() + r.err());
        assertTrue(r.out().contains("calls: ok; best again: scalar"), r.out());
        String warning = r.err().lines().filter(l -> l.startsWith("WARNING: Backflow")).findFirst().orElse("");
        assertTrue(warning.contains("'vector' cannot run here: creating its kernels failed: java.lang.OutOfMemoryError"),
                r.err());
    }

    @Test
    void withTheHeapFullAFailedChoiceIsNotPermanent() throws Exception {
        // No heap left at all: the OOM may strike in the warm-up, in the dispatcher's own code or in the JDK's
        // logging, so the first best() returns scalar or throws; either way a later call gets working kernels
        // (a failure while building the registry is not cached, unlike a failed class initialiser).
        ChildJvm.Result r = child("0");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("best: scalar") || r.out().contains("best threw: java.lang.OutOfMemoryError"),
                r.out() + r.err());
        // The later choice is scalar where the OOM left a class uninitialised for good, and vector where the
        // classes were ready (the child's checks ran the self-test, which initialises the Vector API's classes)
        assertTrue(r.out().contains("calls: ok; best again: scalar") || r.out().contains("calls: ok; best again:"
                + " vector"), r.out() + r.err());
    }
}
