package dev.backflow.bench.paired;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.backflow.bench.SmokeIT;
import dev.backflow.bench.report.PairedData;
import dev.backflow.bench.report.Report;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The paired command through the jar, as a user runs it, for a tiny shape and a few rounds (its numbers mean
 * nothing): scalar against vector on one and two threads, and the vector kernels against a Backflow build
 * loaded from this reactor's own core and simd jars.
 */
class PairedIT {

    static final String[] FAST = {"--shape", "48x40x24", "--rounds", "3", "--batch-ms", "1", "--probe-ms", "1",
            "--warmup-ms", "100"};

    static SmokeIT.Outcome paired(Path out, String... args) throws Exception {
        String[] cmd = new String[5 + FAST.length + args.length + 2];
        String[] head = {"--add-modules", "jdk.incubator.vector", "-jar", SmokeIT.JAR.toString(), "paired"};
        System.arraycopy(head, 0, cmd, 0, head.length);
        System.arraycopy(FAST, 0, cmd, head.length, FAST.length);
        System.arraycopy(args, 0, cmd, head.length + FAST.length, args.length);
        cmd[cmd.length - 2] = "--out";
        cmd[cmd.length - 1] = out.toString();
        return SmokeIT.java(Files.createTempFile("paired", ".log"), cmd);
    }

    @Test
    void scalarAgainstVectorOnOneAndTwoThreads() throws Exception {
        Path out = Path.of("target", "paired-smoke");
        SmokeIT.Outcome o = paired(out, "--a", "scalar", "--b", "vector", "--threads", "1,2");
        assertEquals(0, o.exit(), o.output());
        assertTrue(o.output().contains("paired: row 6 of 6 (48×40×24 dW, 2 threads): A/B "), o.output());
        PairedData.Run run = PairedData.read(out.resolve("paired.json"));
        assertEquals(List.of("threads=1 shape=48x40x24 product=both", "threads=1 shape=48x40x24 product=dX",
                        "threads=1 shape=48x40x24 product=dW", "threads=2 shape=48x40x24 product=both",
                        "threads=2 shape=48x40x24 product=dX", "threads=2 shape=48x40x24 product=dW"),
                run.rows().stream().map(PairedData.Row::key).toList());
        for (PairedData.Row r : run.rows()) {
            assertEquals(3, r.rounds().size(), r.key());
            assertEquals(Report.flops("48x40x24", r.product()), r.flops(), r.key());
        }
        assertEquals("scalar", run.a());
        assertTrue(String.valueOf(run.environment().get("bDescription")).contains("matmul blocking"), run.toString());
        String md = Files.readString(out.resolve("paired.md"));
        assertTrue(md.contains("### Paired measurement: scalar (C2 SuperWord) against Backflow vector"), md);
        assertTrue(md.contains("| 48×40×24 | dX = dY·Wᵀ | "), md);
        assertTrue(Files.isRegularFile(out.resolve("paired-t1.svg"))
                && Files.isRegularFile(out.resolve("paired-t2.svg")));
        assertTrue(o.output().contains("Report: ") && o.output().contains("#### 2 threads"), "printed");
    }

    /** This reactor's own jars as "another build": the checkout root holds them under core/target and simd/target. */
    @Test
    void anotherBuildFromItsJars() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        assumeTrue(Files.isDirectory(root.resolve("core/target")), "core is built");
        try (var core = Files.list(root.resolve("core/target"))) {
            assumeTrue(core.anyMatch(f -> f.getFileName().toString().matches("backflow-core-[^-]+(-SNAPSHOT)?\\.jar")),
                    "core's jar is built (the reactor's package phase, as in -pl bench -am verify)");
        }
        Path out = Path.of("target", "paired-jar");
        SmokeIT.Outcome o = paired(out, "--a", "vector", "--b", "jar:" + root, "--threads", "2",
                "--products", "both");
        assertEquals(0, o.exit(), o.output());
        PairedData.Run run = PairedData.read(out.resolve("paired.json"));
        assertEquals("Backflow vector from " + root, run.bLabel());
        assertTrue(String.valueOf(run.environment().get("bDescription")).contains("matmul blocking"),
                "the build's own provider describes itself: " + run.environment());
        assertEquals(1, run.rows().size());
        assertTrue(Files.readString(out.resolve("paired.md")).contains("against Backflow vector from " + root));
    }

    @Test
    void badInputThroughTheJar() throws Exception {
        SmokeIT.Outcome o = paired(Path.of("target", "paired-bad"), "--b", "jar:/nonexistent/build");
        assertEquals(2, o.exit(), o.output());
        // The JVM's own warning about the incubator module aside, one line.
        assertEquals(List.of("paired: --b jar:/nonexistent/build: no such directory"),
                o.output().lines().filter(l -> !l.startsWith("WARNING: Using incubator modules")).toList());
    }
}
