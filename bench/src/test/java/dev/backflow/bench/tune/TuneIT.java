package dev.backflow.bench.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backflow.bench.SmokeIT;
import dev.backflow.bench.report.Environment;
import dev.backflow.bench.report.JmhJson;
import dev.backflow.bench.report.PairedData;
import dev.backflow.bench.report.PairedReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The tune command through the jar, as a user runs it, with a tiny shape, a few rounds and one coordinate (its
 * numbers mean nothing, and no assertion is about speed): the defaults and one other setting each run in a
 * child JVM against OpenBLAS, or scalar where OpenBLAS is missing; the child really ran with the property.
 */
class TuneIT {

    @Test
    void aTinySearchEndToEnd() throws Exception {
        Path out = Path.of("target", "tune-smoke");
        SmokeIT.Outcome o = SmokeIT.java(Files.createTempFile("tune", ".log"), "--add-modules",
                "jdk.incubator.vector", "-jar", SmokeIT.JAR.toString(), "tune", "--shape", "48x40x24", "--rounds",
                "3", "--batch-ms", "1", "--probe-ms", "1", "--warmup-ms", "100", "--search", "transposePack",
                "--minutes", "3", "--out", out.toString());
        assertEquals(0, o.exit(), o.output());
        String against = Environment.openBlas().isPresent() ? "openblas" : "scalar";
        assertTrue(o.output().contains("tune: vector against " + against + " on one thread"), o.output());
        assertTrue(o.output().contains("### Tune: ") && o.output().contains("JVM options: "), o.output());

        Map<String, Object> tune = JmhJson.object(out.resolve(Tune.FILE));
        assertEquals(Tune.KIND, tune.get("kind"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> candidates = (List<Map<String, Object>>) tune.get("candidates");
        // the other packings: gather and copy, and transpose where the tile has 8 or 16 lanes
        assertTrue(candidates.size() == 2 || candidates.size() == 3, "the defaults and the other packings");
        assertEquals("defaults", candidates.get(0).get("label"));
        for (Map<String, Object> c : candidates.subList(1, candidates.size())) {
            assertTrue(String.valueOf(c.get("options")).matches(
                    "-Dbackflow\\.gemm\\.transposePack=(gather|copy|transpose)"), c.toString());
        }
        String other = String.valueOf(candidates.get(1).get("options"));

        // the child ran with the property, and its blocking says so
        Path child = out.resolve("candidates").resolve("01");
        assertTrue(Files.readString(child.resolve("child.log")).lines().findFirst().orElseThrow().contains(other));
        PairedData.Run run = PairedData.read(child.resolve(PairedReport.FILE));
        assertTrue(String.valueOf(run.environment().get("aDescription")).contains("set: " + other.substring(2)),
                run.environment().toString());
        assertEquals(against, run.b());
        if (Files.isReadable(Path.of("/proc/cpuinfo")) && System.getProperty("os.arch").equals("amd64")) {
            assertTrue(o.output().contains("    new TunedDefaults(\""), o.output());
        }
    }
}
