package dev.backflow.bench.report;

import dev.backflow.bench.harness.OpenBlasThreads;
import dev.backflow.bench.harness.VectorWidth;

import dev.backflow.spi.KernelProvider;
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
import java.util.ServiceLoader;
import java.util.TreeSet;

/**
 * The machine and software a run measured, written beside its results (environment.json) so that a report
 * can say where its numbers come from: CPU, cores, JDK, vector width, the vector kernels' matmul blocking,
 * the native BLAS, the commit, and each row's thread count.
 */
public final class Environment {
    private Environment() {}

    /** The key of the vector provider's own description, with its matmul blocking. */
    public static final String VECTOR_KERNELS = "vectorKernels";

    /** The key of the run's thread counts, ascending. */
    static final String THREADS = "threads";

    static final List<String> OPENBLAS_CANDIDATES = List.of(
            "/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3",
            "/usr/lib/x86_64-linux-gnu/openblas-openmp/libblas.so.3",
            "/usr/lib/x86_64-linux-gnu/openblas-serial/libblas.so.3",
            "/usr/lib/aarch64-linux-gnu/openblas-pthread/libblas.so.3",
            "/usr/lib/aarch64-linux-gnu/openblas-openmp/libblas.so.3",
            "/usr/lib64/libopenblas.so.0",
            "/opt/homebrew/opt/openblas/lib/libopenblas.dylib");

    /** OpenBLAS's BLAS library: -Dbackflow.openblas=PATH, else the usual Debian, Fedora and Homebrew paths. */
    public static Optional<String> openBlas() {
        String forced = System.getProperty("backflow.openblas");
        if (forced != null) {
            return Files.isRegularFile(Path.of(forced)) ? Optional.of(forced) : Optional.empty();
        }
        return OPENBLAS_CANDIDATES.stream().filter(p -> Files.isRegularFile(Path.of(p))).findFirst();
    }

    /**
     * The environment of a run whose results are {@code results}: besides the machine, the thread count of
     * each row, and for each OpenBLAS row the count OpenBLAS ran on (every fork starts it with the runner's
     * OPENBLAS_NUM_THREADS, 1, and sets the row's count at setup, checked; a row exists only if that check
     * passed).
     */
    public static Map<String, Object> capture(String profile, List<String> notes, List<Result> results) {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("date", ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        env.put("profile", profile);
        env.put("cpu", cpuModel());
        env.put("cores", Runtime.getRuntime().availableProcessors());
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        env.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        env.put("vectorBits", VectorWidth.preferredBits());
        env.put(VECTOR_KERNELS, vectorKernels());
        env.put("commit", commit());
        putOpenBlas(env);
        env.put("OPENBLAS_NUM_THREADS", Optional.ofNullable(System.getenv("OPENBLAS_NUM_THREADS")).orElse("(unset)")
                + " at each fork's start; an OpenBLAS row then runs on its own thread count (openblasThreads)");
        env.put(THREADS, new TreeSet<>(results.stream().map(Result::threads).toList()));
        env.put("threadsPerRow", threadsPerRow(results));
        env.put("notes", new ArrayList<>(notes));
        return env;
    }

    /**
     * What a run records of OpenBLAS: its library and the kernels it chose (which tell whether it knew this CPU),
     * the core forced by OPENBLAS_CORETYPE if any, and its idle threads' spin timeout.
     */
    public static void putOpenBlas(Map<String, Object> env) {
        env.put("openblas", openBlas().map(OpenBlasThreads::describe).orElse("absent"));
        env.put("OPENBLAS_CORETYPE", Optional.ofNullable(System.getenv("OPENBLAS_CORETYPE"))
                .orElse("(unset: OpenBLAS detects the CPU)"));
        env.put(OpenBlasThreads.SPIN_TIMEOUT, Optional.ofNullable(System.getenv(OpenBlasThreads.SPIN_TIMEOUT))
                .orElse("(unset: OpenBLAS's default, 28)"));
    }

    /** Each row's key with its thread count, and for OpenBLAS rows the thread count OpenBLAS was set to. */
    static Map<String, Object> threadsPerRow(List<Result> results) {
        Map<String, Object> rows = new LinkedHashMap<>();
        for (Result r : results) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("threads", r.threads());
            if ("openblas".equals(r.param("impl"))) {
                row.put("openblasThreads", r.threads());
            }
            rows.put(r.key(), row);
        }
        return rows;
    }

    /**
     * What the "vector" provider says of itself ({@link KernelProvider#describe()}: vector width and the
     * matmul blocking: micro-kernel shape, kc, mc, nc, cache sizes), found through the SPI as the dispatcher
     * finds it; or why there is none.
     */
    public static String vectorKernels() {
        try {
            for (KernelProvider p : ServiceLoader.load(KernelProvider.class)) {
                if (p.name().equals("vector")) {
                    Optional<String> unusable = p.unusableReason();
                    return unusable.isPresent() ? "unusable here: " + unusable.get() : p.describe();
                }
            }
            return "absent: no provider named vector on the class path";
        } catch (RuntimeException | LinkageError e) {
            return "unusable here: " + e;
        }
    }

    public static String cpuModel() {
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
    public static String commit() {
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
