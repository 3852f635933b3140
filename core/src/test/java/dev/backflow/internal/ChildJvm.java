package dev.backflow.internal;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts a fresh JVM of the JDK running the tests, on core and core's test classes, and collects what it printed. */
final class ChildJvm {
    private ChildJvm() {}

    record Result(int exit, String out, String err) {
        /** Everything it printed, for failure messages. */
        String all() {
            return "exit " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    static String location(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** core and core's test classes (the children's main classes), as a class path. */
    static final String PATH = location(Workers.class) + File.pathSeparator + location(ChildJvm.class);

    static final int TIMEOUT_SECONDS = 60;

    /** The {@code java} launcher of the JDK running the tests. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Runs {@code java -Xshare:auto args...} and waits for it. */
    static Result java(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(java());
        cmd.add("-Xshare:auto");
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    /**
     * Runs a command and waits for it. Its stdout and stderr go to files, not pipes: a child that filled a pipe
     * nobody was reading at that moment would block forever.
     */
    static Result run(List<String> cmd) throws IOException, InterruptedException {
        Path out = Files.createTempFile("backflow-child", ".out");
        Path err = Files.createTempFile("backflow-child", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                fail("child JVM did not finish in " + TIMEOUT_SECONDS + " s: " + cmd + "\nstdout:\n"
                        + Files.readString(out) + "\nstderr:\n" + Files.readString(err));
            }
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
