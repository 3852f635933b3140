package dev.backflow.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The machine and software a run measured, written beside its results (environment.json) so that a report
 * can say where its numbers come from: CPU, cores, JDK, vector width, the native BLAS, the commit.
 */
final class Environment {
    private Environment() {}

    static final List<String> OPENBLAS_CANDIDATES = List.of(
            "/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3",
            "/usr/lib/x86_64-linux-gnu/openblas-openmp/libblas.so.3",
            "/usr/lib/x86_64-linux-gnu/openblas-serial/libblas.so.3",
            "/usr/lib/aarch64-linux-gnu/openblas-pthread/libblas.so.3",
            "/usr/lib/aarch64-linux-gnu/openblas-openmp/libblas.so.3",
            "/usr/lib64/libopenblas.so.0",
            "/opt/homebrew/opt/openblas/lib/libopenblas.dylib");

    /** OpenBLAS's BLAS library: -Dbackflow.openblas=PATH, else the usual Debian, Fedora and Homebrew paths. */
    static Optional<String> openBlas() {
        String forced = System.getProperty("backflow.openblas");
        if (forced != null) {
            return Files.isRegularFile(Path.of(forced)) ? Optional.of(forced) : Optional.empty();
        }
        return OPENBLAS_CANDIDATES.stream().filter(p -> Files.isRegularFile(Path.of(p))).findFirst();
    }

    static Map<String, Object> capture(String profile, List<String> notes) {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("date", ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        env.put("profile", profile);
        env.put("cpu", cpuModel());
        env.put("cores", Runtime.getRuntime().availableProcessors());
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        env.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        env.put("vectorBits", VectorWidth.preferredBits());
        env.put("commit", commit());
        env.put("openblas", openBlas().orElse("absent"));
        env.put("OPENBLAS_CORETYPE", Optional.ofNullable(System.getenv("OPENBLAS_CORETYPE")).orElse("(unset: OpenBLAS detects the CPU)"));
        env.put("notes", new ArrayList<>(notes));
        return env;
    }

    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }

    /** The commit being measured: -Dbackflow.commit, else git's HEAD, else "unknown". */
    static String commit() {
        String c = System.getProperty("backflow.commit");
        if (c != null) {
            return c;
        }
        try {
            Process p = new ProcessBuilder("git", "describe", "--always", "--dirty").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            return p.waitFor() == 0 && !out.isEmpty() ? out : "unknown";
        } catch (IOException | InterruptedException e) {
            return "unknown";
        }
    }

    /** The environment.json beside a results file, or an empty map where there is none. */
    static Map<String, Object> read(Path resultsFile) {
        Path env = resultsFile.toAbsolutePath().resolveSibling("environment.json");
        return Files.isRegularFile(env) ? JmhJson.object(env) : Map.of();
    }
}
