package dev.backflow.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backflow.Kernels;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * How the dispatcher chooses in fresh JVMs: on the class path with and without the incubator module, forced,
 * and on the module path. Each case starts {@code java ... dev.backflow.Kernels}, which prints its choice.
 */
class LaunchTest {

    record Result(int exit, String out, String err) {}

    static String location(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static final String PATH = location(Kernels.class) + File.pathSeparator + location(VectorKernelProvider.class);

    static Result java(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xshare:auto");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().close();
        var out = p.getInputStream().readAllBytes();
        var err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM did not finish: " + cmd);
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void withoutTheIncubatorModuleBestFallsBackToScalarAndSaysWhy() throws Exception {
        Result r = java("-cp", PATH, "dev.backflow.Kernels");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("best: scalar"), r.out());
        assertTrue(r.out().contains("vector: not usable: the jdk.incubator.vector module is not in this JVM"), r.out());
        // the log line, at WARNING, says what to do
        assertTrue(r.err().contains("WARNING") && r.err().contains("--add-modules jdk.incubator.vector"), r.err());
    }

    @Test
    void forcingVectorWhereItCannotRunFailsClearly() throws Exception {
        Result r = java("-cp", PATH, "-Dbackflow.kernels=vector", "dev.backflow.Kernels");
        assertNotEquals(0, r.exit());
        assertTrue(r.err().contains("-Dbackflow.kernels=vector cannot be honoured")
                && r.err().contains("--add-modules jdk.incubator.vector"), r.err());
    }

    @Test
    void withTheIncubatorModuleOnTheClassPathBestIsVector() throws Exception {
        Result r = java("--add-modules", "jdk.incubator.vector", "-cp", PATH, "dev.backflow.Kernels");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("best: vector"), r.out());
    }

    @Test
    void onTheModulePathBestIsVectorWithoutAnyFlag() throws Exception {
        Result r = java("-p", PATH, "-m", "dev.backflow.core/dev.backflow.Kernels");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("best: vector"), r.out());
    }

    @Test
    void withC2DisabledBestIsScalar() throws Exception {
        Result r = java("--add-modules", "jdk.incubator.vector", "-XX:TieredStopAtLevel=1", "-cp", PATH,
                "dev.backflow.Kernels");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("best: scalar") && r.out().contains("TieredStopAtLevel"), r.out());
    }
}
