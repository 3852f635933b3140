package dev.backflow.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Starts a child process (a fresh JVM of the JDK running the tests, or any command), waits for it with a time
 * limit, and collects what it printed. For tests that need a JVM flag, a small heap, a ulimit or a clean JVM.
 */
public final class ChildJvm {
    private ChildJvm() {}

    /**
     * What a child did.
     *
     * @param exit its exit status
     * @param out what it printed on stdout
     * @param err what it printed on stderr
     */
    public record Result(int exit, String out, String err) {
        /**
         * Everything it printed, for failure messages.
         *
         * @return the exit status, stdout and stderr
         */
        public String all() {
            return "exit " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    /** The time limit of a child unless the caller gives another. */
    public static final int TIMEOUT_SECONDS = 60;

    /**
     * Where a class was loaded from: its jar or class folder.
     *
     * @param c the class
     * @return the path
     */
    public static String location(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The locations of these classes, as a class path or module path.
     *
     * @param classes one class from each jar or class folder
     * @return their locations joined with {@link File#pathSeparator}
     */
    public static String path(Class<?>... classes) {
        return Arrays.stream(classes).map(ChildJvm::location).collect(Collectors.joining(File.pathSeparator));
    }

    /**
     * The {@code java} launcher of the JDK running the tests.
     *
     * @return its path
     */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * Runs {@code java -Xshare:auto args...} and waits for it, at most {@link #TIMEOUT_SECONDS}.
     *
     * @param args the launcher's arguments
     * @return what it did
     * @throws IOException if it cannot be started
     * @throws InterruptedException if interrupted while waiting
     */
    public static Result java(String... args) throws IOException, InterruptedException {
        return java(TIMEOUT_SECONDS, args);
    }

    /**
     * {@link #java(String...)} with another time limit.
     *
     * @param timeoutSeconds the time limit
     * @param args the launcher's arguments
     * @return what it did
     * @throws IOException if it cannot be started
     * @throws InterruptedException if interrupted while waiting
     */
    public static Result java(int timeoutSeconds, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(java());
        cmd.add("-Xshare:auto");
        cmd.addAll(List.of(args));
        return run(timeoutSeconds, cmd, Map.of());
    }

    /**
     * Runs a command and waits for it, at most {@link #TIMEOUT_SECONDS}.
     *
     * @param cmd the command and its arguments
     * @return what it did
     * @throws IOException if it cannot be started
     * @throws InterruptedException if interrupted while waiting
     */
    public static Result run(List<String> cmd) throws IOException, InterruptedException {
        return run(TIMEOUT_SECONDS, cmd, Map.of());
    }

    /**
     * Runs a command with more environment variables and waits for it; fails the test, after killing it, if it
     * runs past the time limit. Its stdout and stderr go to files, not pipes: a child that filled a pipe nobody
     * was reading at that moment would block forever.
     *
     * @param timeoutSeconds the time limit
     * @param cmd the command and its arguments
     * @param environment variables to set in the child's environment, beside the inherited ones
     * @return what it did
     * @throws IOException if it cannot be started
     * @throws InterruptedException if interrupted while waiting
     */
    public static Result run(int timeoutSeconds, List<String> cmd, Map<String, String> environment)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("backflow-child", ".out");
        Path err = Files.createTempFile("backflow-child", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().putAll(environment);
            Process p = builder.start();
            p.getOutputStream().close();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                fail("child did not finish in " + timeoutSeconds + " s: " + cmd + "\nstdout:\n"
                        + Files.readString(out) + "\nstderr:\n" + Files.readString(err));
            }
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
