package dev.backflow.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.backflow.testing.ChildJvm;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The vector kernels' initialisation runs out of heap: the dispatcher falls back to scalar with a warning that
 * names the error, and every call works afterwards (the child JVM is {@link OutOfMemoryChild}).
 */
class LaunchOutOfMemoryTest {

    static ChildJvm.Result child(String... args) throws Exception {
        String[] cmd = {"-Xmx24m", "-XX:+UseSerialGC", "--add-modules", "jdk.incubator.vector", "-cp",
            SimdPaths.WITH_TESTS, OutOfMemoryChild.class.getName()};
        String[] all = Arrays.copyOf(cmd, cmd.length + args.length);
        System.arraycopy(args, 0, all, cmd.length, args.length);
        return ChildJvm.java(all);
    }

    @Test
    void anOutOfMemoryErrorWhileTheVectorKernelsInitialiseFallsBackToScalar() throws Exception {
        // The heap left free decides where the OutOfMemoryError strikes: in the dispatcher itself (too little),
        // in the vector kernels' create() (the warm-up's 64³ matmul: 80 KiB of arrays and 48 KiB of scratch), or
        // nowhere (enough). Where that window lies moves with the JDK's own allocations from run to run (on Zen 3
        // create() failed from 16 to 64 KiB free in one run, and the dispatcher failed at 48 KiB in another), so
        // the test walks the slack up until a child lands in it: that child must fall back to scalar, naming the
        // error, and its calls must work.
        StringBuilder seen = new StringBuilder();
        for (int kib = 16; kib <= 160; kib += 16) {
            ChildJvm.Result r = child(Integer.toString(kib), "--log-first");
            assertEquals(0, r.exit(), r.out() + r.err());
            assertTrue(r.out().contains("checks: none"), r.out());
            String warning = r.err().lines().filter(l -> l.startsWith("WARNING: Backflow")).findFirst().orElse("");
            seen.append(kib).append(" KiB: ").append(r.out().lines().filter(l -> l.startsWith("best")).findFirst()
                    .orElse("?")).append('\n');
            if (warning.contains("'vector' cannot run here: creating its kernels failed: java.lang.OutOfMemoryError")) {
                assertTrue(r.out().contains("best: scalar"), r.out() + r.err());
                assertTrue(r.out().contains("calls: ok; best again: scalar"), r.out());
                return;
            }
            if (r.out().contains("best: vector")) {
                break; // past the window: create() fitted
            }
        }
        fail("no amount of free heap made create() fail and fall back to scalar:\n" + seen);
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
