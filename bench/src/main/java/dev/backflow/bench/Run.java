package dev.backflow.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The {@code run} command: measures a profile's suites one after another (each suite has its own parameter
 * values, and JMH applies a parameter override to every benchmark that has it), merges their JSON into
 * results.json, writes environment.json beside it, and prints the report.
 */
final class Run {
    private Run() {}

    static int run(String profileName, Path outDir, List<String> onlySuites, List<String> profilers,
                   PrintStream out, PrintStream err) throws IOException {
        Profile profile = Profile.named(profileName);
        if (VectorWidth.preferredBits() == 0) {
            err.println("run: this JVM lacks jdk.incubator.vector; start it with --add-modules jdk.incubator.vector "
                    + "(scripts/bench.sh does)");
            return 2;
        }
        List<String> notes = new ArrayList<>();
        List<String> jvmArgs = new ArrayList<>();
        boolean openBlas = openBlasUsable(notes, jvmArgs);
        Files.createDirectories(outDir);
        List<Object> merged = new ArrayList<>();
        for (Profile.Suite suite : profile.suites()) {
            if (!onlySuites.isEmpty() && !onlySuites.contains(suite.benchmarkClass())) {
                continue;
            }
            Path json = outDir.resolve("jmh-" + suite.benchmarkClass() + ".json");
            ChainedOptionsBuilder opts = new OptionsBuilder()
                    .include("dev\\.backflow\\.bench\\." + suite.benchmarkClass() + "\\.")
                    .forks(profile.forks())
                    .warmupIterations(profile.warmups())
                    .warmupTime(TimeValue.milliseconds(profile.warmupMillis()))
                    .measurementIterations(profile.iterations())
                    .measurementTime(TimeValue.milliseconds(profile.iterationMillis()))
                    .shouldFailOnError(true)
                    .resultFormat(ResultFormatType.JSON)
                    .result(json.toString());
            // Prepend, never append: a run-time jvmArgsAppend would replace each benchmark's own
            // --add-modules and -XX:-UseSuperWord.
            if (!jvmArgs.isEmpty()) {
                opts.jvmArgsPrepend(jvmArgs.toArray(String[]::new));
            }
            for (String p : profilers) {
                opts.addProfiler(p);
            }
            Map<String, List<String>> params = new LinkedHashMap<>(suite.params());
            if (!openBlas && suite.benchmarkClass().startsWith("Matmul")) {
                List<String> impls = suite.benchmarkClass().equals("MatmulBench") ? Profile.MATMUL_IMPLS : Profile.PRODUCT_IMPLS;
                params.put("impl", impls.stream().filter(i -> !i.equals("openblas")).toList());
            }
            params.forEach((k, v) -> opts.param(k, v.toArray(String[]::new)));
            out.println("== " + suite.benchmarkClass() + " (" + profile.name() + " profile)");
            try {
                new Runner(opts.build()).run();
            } catch (RunnerException e) {
                err.println("run: " + suite.benchmarkClass() + " failed: " + e.getMessage());
                return 1;
            }
            merged.addAll(Json.array(Json.parse(Files.readString(json))));
        }
        Path results = outDir.resolve("results.json");
        Files.writeString(results, Json.write(merged));
        Files.writeString(outDir.resolve("environment.json"), Json.write(Environment.capture(profile.name(), notes)));
        return Report.run(results, outDir, out, err);
    }

    /** OpenBLAS is measured only where it is installed and pinned to one thread; otherwise its rows say why not. */
    private static boolean openBlasUsable(List<String> notes, List<String> jvmArgs) {
        var path = Environment.openBlas();
        if (path.isEmpty()) {
            notes.add("OpenBLAS rows skipped: no OpenBLAS library found (Debian: apt-get install libopenblas0; "
                    + "or -Dbackflow.openblas=PATH)");
            return false;
        }
        if (!"1".equals(System.getenv("OPENBLAS_NUM_THREADS"))) {
            notes.add("OpenBLAS rows skipped: OPENBLAS_NUM_THREADS is not 1, and every row here is one thread "
                    + "(scripts/bench.sh sets it)");
            return false;
        }
        jvmArgs.add("-D" + MatmulPeer.NATIVE_LIB_PATH + "=" + path.get());
        return true;
    }
}
