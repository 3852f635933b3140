package dev.backflow.simd;

import static org.junit.jupiter.api.Assertions.fail;

import dev.backflow.Kernels;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts a fresh JVM of the JDK running the tests and collects what it printed. */
final class ChildJvm {
    private ChildJvm() {}

    record Result(int exit, String out, String err) {}

    static String location(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** core and simd, as a class path or module path. */
    static final String PATH = location(Kernels.class) + File.pathSeparator + location(VectorKernelProvider.class);
    /** core, simd and simd's test classes (the children's main classes). */
    static final String WITH_TESTS = PATH + File.pathSeparator + location(ChildJvm.class);

    static final int TIMEOUT_SECONDS = 60;

    /**
     * Runs {@code java -Xshare:auto args...} and waits for it. Its stdout and stderr go to files, not pipes:
     * a child that filled a pipe nobody was reading at that moment would block forever.
     */
    static Result java(String... args) throws IOException, InterruptedException {
        return java(TIMEOUT_SECONDS, args);
    }

    /** {@link #java(String...)} with another time limit. */
    static Result java(int timeoutSeconds, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xshare:auto");
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("backflow-child", ".out");
        Path err = Files.createTempFile("backflow-child", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                fail("child JVM did not finish in " + timeoutSeconds + " s: " + cmd + "\nstdout:\n"
                        + Files.readString(out) + "\nstderr:\n" + Files.readString(err));
            }
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
