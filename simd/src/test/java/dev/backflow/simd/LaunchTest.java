package dev.backflow.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backflow.testing.ChildJvm;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * How the dispatcher chooses in fresh JVMs: on the class path with and without the incubator module, forced,
 * and on the module path. Each case starts {@code java ... dev.backflow.Kernels}, which prints its choice.
 */
class LaunchTest {

    static final String PATH = SimdPaths.PATH;

    static ChildJvm.Result java(String... args) throws IOException, InterruptedException {
        return ChildJvm.java(args);
    }

    /** More than a pipe's buffer (64 KiB on Linux) on stderr, which a child reading stdout first never drains. */
    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aChildThatWritesMuchToStderrDoesNotHangTheTest() throws Exception {
        int bytes = 256 * 1024;
        ChildJvm.Result r = java("-cp", SimdPaths.WITH_TESTS, NoisyChild.class.getName(), Integer.toString(bytes));
        assertEquals(0, r.exit());
        assertEquals("done", r.out().strip());
        assertEquals(bytes, r.err().length());
    }

    @Test
    void withoutTheIncubatorModuleBestFallsBackToScalarAndSaysWhy() throws Exception {
        ChildJvm.Result r = java("-cp", PATH, "dev.backflow.Kernels");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("best: scalar"), r.out());
        assertTrue(r.out().contains("vector: not usable: the jdk.incubator.vector module is not in this JVM"), r.out());
        // the log line, at WARNING, says what to do
        assertTrue(r.err().contains("WARNING") && r.err().contains("--add-modules jdk.incubator.vector"), r.err());
    }

    @Test
    void forcingVectorWhereItCannotRunFailsClearly() throws Exception {
        ChildJvm.Result r = java("-cp", PATH, "-Dbackflow.kernels=vector", "dev.backflow.Kernels");
        assertNotEquals(0, r.exit());
        assertTrue(r.err().contains("-Dbackflow.kernels=vector cannot be honoured")
                && r.err().contains("--add-modules jdk.incubator.vector"), r.err());
    }

    @Test
    void withTheIncubatorModuleOnTheClassPathBestIsVector() throws Exception {
        ChildJvm.Result r = java("--add-modules", "jdk.incubator.vector", "-cp", PATH, "dev.backflow.Kernels");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("best: vector"), r.out());
    }

    @Test
    void onTheModulePathBestIsVectorWithoutAnyFlag() throws Exception {
        ChildJvm.Result r = java("-p", PATH, "-m", "dev.backflow.core/dev.backflow.Kernels");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("best: vector"), r.out());
    }

    @Test
    void withC2DisabledBestIsScalar() throws Exception {
        ChildJvm.Result r = java("--add-modules", "jdk.incubator.vector", "-XX:TieredStopAtLevel=1", "-cp", PATH,
                "dev.backflow.Kernels");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("best: scalar") && r.out().contains("TieredStopAtLevel"), r.out());
    }
}
