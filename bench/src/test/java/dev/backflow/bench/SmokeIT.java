package dev.backflow.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backflow.bench.harness.Kernel;
import dev.backflow.bench.report.Environment;
import dev.backflow.bench.report.JmhJson;
import dev.backflow.bench.report.Report;
import dev.backflow.bench.report.Result;
import dev.backflow.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Runs the benchmark jar as a user does: every benchmark once for a few milliseconds (the smoke profile),
 * failing on any error; and checks that a benchmark whose fork lost its flags fails loudly.
 */
public class SmokeIT {

    public static final Path JAR = Path.of(System.getProperty("backflow.bench.jar", "target/benchmarks.jar"));

    public record Outcome(int exit, String output) {}

    /**
     * Runs {@code java args...} (at most 10 minutes) and writes what it printed, stdout then stderr, to
     * {@code log}.
     */
    public static Outcome java(Path log, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(ChildJvm.java());
        cmd.addAll(List.of(args));
        ChildJvm.Result r = ChildJvm.run(600, cmd, Map.of("OPENBLAS_NUM_THREADS", "1"));
        String output = r.out() + r.err();
        Files.writeString(log, output);
        return new Outcome(r.exit(), output);
    }

    @Test
    void everyBenchmarkRunsOnceWithoutError() throws Exception {
        Path out = Path.of("target", "smoke");
        Files.createDirectories(out);
        Outcome o = java(out.resolve("run.log"), "--add-modules", "jdk.incubator.vector", "-jar", JAR.toString(),
                "run", "--profile", "smoke", "--out", out.toString());
        assertEquals(0, o.exit(), () -> tail(o.output()));
        assertTrue(o.output().contains("# Backflow run: suite 1 of 8 (ElementwiseBench), benchmark 1 of ")
                && o.output().contains("# Backflow run: suite 8 of 8 (TrainStepBench)"), "progress over the run");
        String results = Files.readString(out.resolve("results.json"));
        for (String bench : List.of("ElementwiseBench.backward", "ElementwiseNoSuperWordBench.backward",
                "BandwidthBench.probe", "FmaPeakBench.preferred", "FmaPeakBench.bits256", "MatmulBench.backward",
                "MatmulProductBench.backward", "GemmBench.gemm", "TrainStepBench.trainStep")) {
            assertTrue(results.contains("\"" + RunPlan.PACKAGE + bench + "\""), bench + " did not run");
        }
        Report.Index index = new Report.Index(Result.read(out.resolve("results.json")));
        for (String kernel : Kernel.ELEMENTWISE.stream().map(Kernel::id).toList()) {
            for (String impl : List.of("scalar", "vector")) {
                assertTrue(index.get("ElementwiseBench.backward", "kernel", kernel, "impl", impl) != null,
                        kernel + " did not run for " + impl);
            }
            assertTrue(index.get("ElementwiseNoSuperWordBench.backward", "kernel", kernel, "impl", "scalar-nosw")
                    != null, kernel + " did not run without SuperWord");
            assertTrue(index.get("BandwidthBench.probe", "kernel", kernel) != null, kernel + " has no probe");
        }
        assertTrue(Files.readString(out.resolve("report.md")).contains("### Elementwise kernels"));
        try (var files = Files.list(out)) {
            List<String> svgs = files.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".svg"))
                    .collect(Collectors.toList());
            assertTrue(svgs.contains("matmul.svg") && svgs.contains("elementwise-add.svg"), svgs.toString());
        }
    }

    /** JMH's habits through the jar: a regex, -p, -f and a profiler, over the profile's settings. */
    @Test
    void jmhOptionsWorkThroughTheJar() throws Exception {
        Path out = Path.of("target", "smoke-jmh");
        Outcome o = java(Files.createTempFile("jmh-options", ".log"), "--add-modules", "jdk.incubator.vector", "-jar",
                JAR.toString(), "MatmulBench", "-p", "shape=64", "-p", "impl=vector", "-f", "1", "-prof", "gc",
                "--profile", "smoke", "--out", out.toString());
        assertEquals(0, o.exit(), () -> tail(o.output()));
        List<Result> rows = Result.read(out.resolve("results.json"));
        assertEquals(1, rows.size(), rows.toString());
        assertEquals("MatmulBench.backward impl=vector shape=64", rows.get(0).key());
        assertTrue(Files.readString(out.resolve("results.json")).contains("gc.alloc.rate.norm"), "the gc profiler ran");
        Outcome help = java(Files.createTempFile("jmh-help", ".log"), "-jar", JAR.toString(), "-h");
        assertEquals(0, help.exit(), () -> tail(help.output()));
        assertTrue(help.output().contains("usage: java --add-modules") && help.output().contains("-prof <profiler>"),
                () -> tail(help.output()));
    }

    /** Every JMH mode through the jar, report included: a throughput in ops/us is a time per operation inverted. */
    @Test
    void everyJmhModeIsMeasuredAndReported() throws Exception {
        Path out = Path.of("target", "smoke-modes");
        Outcome o = java(Files.createTempFile("jmh-modes", ".log"), "--add-modules", "jdk.incubator.vector", "-jar",
                JAR.toString(), "run", "--profile", "smoke", "-bm", "all", "MatmulBench", "-p", "shape=64", "-p",
                "impl=vector", "--out", out.toString());
        assertEquals(0, o.exit(), () -> tail(o.output()));
        List<String> modes = Result.read(out.resolve("results.json")).stream().map(Result::mode).sorted().toList();
        assertEquals(List.of("avgt", "sample", "ss", "thrpt"), modes);
        assertTrue(Files.readString(out.resolve("report.md")).contains("| 64×64×64 |"), "the matmul table");
    }

    /**
     * The scaling profile on two threads, one kernel and one small shape, once: each suite's rows carry the
     * thread count, OpenBLAS (where installed) took it, environment.json records it and the report draws it.
     */
    @Test
    void theScalingProfileRunsOnTwoThreads() throws Exception {
        Path out = Path.of("target", "smoke-scaling");
        Outcome o = java(Files.createTempFile("scaling", ".log"), "--add-modules", "jdk.incubator.vector", "-jar",
                JAR.toString(), "--profile", "scaling", "-p", "threads=2", "-p", "kernel=mul", "-p", "shape=256",
                "-f", "1", "-wi", "0", "-i", "1", "-r", "5ms", "--out", out.toString());
        assertEquals(0, o.exit(), () -> tail(o.output()));
        List<String> expected = new ArrayList<>(List.of(
                "ElementwiseBench.backward impl=vector kernel=mul size=DRAM threads=2",
                "BandwidthBench.probe kernel=mul size=DRAM threads=2", "FmaPeakBench.preferred", "FmaPeakBench.bits256",
                "MatmulBench.backward impl=vector shape=256 threads=2"));
        boolean openBlas = Environment.openBlas().isPresent();
        if (openBlas) {
            expected.add("MatmulBench.backward impl=openblas shape=256 threads=2");
        }
        List<String> keys = Result.read(out.resolve("results.json")).stream().map(Result::key).toList();
        assertEquals(expected.stream().sorted().toList(), keys.stream().sorted().toList());
        Map<String, Object> env = JmhJson.object(out.resolve("environment.json"));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Double>> perRow = (Map<String, Map<String, Double>>) env.get("threadsPerRow");
        assertEquals(2.0, perRow.get("MatmulBench.backward impl=vector shape=256 threads=2").get("threads"));
        if (openBlas) {
            assertEquals(2.0,
                    perRow.get("MatmulBench.backward impl=openblas shape=256 threads=2").get("openblasThreads"));
        }
        assertTrue(String.valueOf(env.get(Environment.VECTOR_KERNELS)).contains("matmul blocking: "), env.toString());
        String report = Files.readString(out.resolve("report.md"));
        assertTrue(report.contains("### Scaling with threads") && report.contains("| mul | DRAM | 2 |"), report);
        assertTrue(Files.isRegularFile(out.resolve("scaling-matmul-256.svg")), "the scaling chart");
    }

    @Test
    void aForkThatLostItsFlagsFailsLoudly() throws Exception {
        Path log = Files.createTempFile("lost-flags", ".log");
        // A command-line -jvmArgsAppend replaces the benchmark's own --add-modules jdk.incubator.vector.
        Outcome o = java(log, "-cp", JAR.toString(), "org.openjdk.jmh.Main", "ElementwiseBench",
                "-p", "impl=vector", "-p", "kernel=add", "-p", "size=L1", "-f", "1", "-wi", "0", "-i", "1",
                "-r", "5ms", "-foe", "true", "-jvmArgsAppend", "-Dunrelated=1");
        assertNotEquals(0, o.exit(), () -> tail(o.output()));
        assertTrue(o.output().contains("benchmark asks for 'vector' but this fork cannot run it"),
                () -> tail(o.output()));
    }

    private static String tail(String s) {
        return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
    }
}
