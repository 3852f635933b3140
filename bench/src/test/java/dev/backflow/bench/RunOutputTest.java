package dev.backflow.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backflow.bench.harness.BadInput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a run writes: the staging directory beside the output (one, reused), what the move into the output
 * directory leaves there, and what a failed run or a failed write says. JMH itself does not run here.
 */
class RunOutputTest {

    @TempDir
    Path dir;

    static List<String> names(Path d) throws IOException {
        try (var files = Files.list(d)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** A second run that measured other suites leaves none of the first run's suite files or charts behind. */
    @Test
    void theMoveRemovesTheFilesOfAnEarlierRunThatThisOneDidNotWrite() throws IOException {
        Path target = Files.createDirectory(dir.resolve("quick"));
        for (String f : List.of("jmh-ElementwiseBench.json", "jmh-MatmulBench.json", "results.json", "report.md",
                "elementwise-add.svg", "matmul.svg", "run.log", "notes.txt")) {
            Files.writeString(target.resolve(f), "first run");
        }
        Path staging = Run.staging(target);
        for (String f : List.of("jmh-MatmulBench.json", "results.json", "environment.json", "report.md",
                "matmul.svg")) {
            Files.writeString(staging.resolve(f), "second run");
        }
        Run.moveAll(staging, target);
        assertEquals(List.of("environment.json", "jmh-MatmulBench.json", "matmul.svg", "notes.txt", "report.md",
                "results.json", "run.log"), names(target),
                "the first run's suite file and chart are gone; others' files stay");
        assertEquals("second run", Files.readString(target.resolve("jmh-MatmulBench.json")));
        assertEquals("first run", Files.readString(target.resolve("notes.txt")));
        assertEquals(List.of("quick"), names(dir), "no staging directory left");
    }

    /** Failed or interrupted runs left staging directories (older versions a fresh one each): one run removes them. */
    @Test
    void stagingIsOneDirectoryThatEachRunEmpties() throws IOException {
        Path target = dir.resolve("quick");
        for (String left : List.of(".quick.partial", ".quick.partial-123", ".quick.partial-456")) {
            Files.writeString(Files.createDirectories(dir.resolve(left)).resolve("jmh-MatmulBench.json"), "left");
        }
        Files.createDirectories(dir.resolve(".other.partial"));
        Path staging = Run.staging(target);
        assertEquals(dir.resolve(".quick.partial"), staging);
        assertEquals(List.of(), names(staging), "emptied");
        assertEquals(List.of(".other.partial", ".quick.partial"), names(dir),
                "another output's staging is not touched");
    }

    @Test
    void aFailedRunNamesWhereItsResultsAreKept() throws IOException {
        Path target = dir.resolve("quick");
        Path staging = Run.staging(target);
        Files.writeString(staging.resolve("jmh-ElementwiseBench.json"), "[]");
        String err = failed("MatmulBench failed: boom", staging, target);
        assertEquals("run: MatmulBench failed: boom; the results measured so far are in " + staging
                + " (until the next run into " + target + "), " + target + " is unchanged", err.strip());
        assertTrue(Files.isRegularFile(staging.resolve("jmh-ElementwiseBench.json")));
    }

    @Test
    void aRunThatFailedBeforeMeasuringAnythingLeavesNothing() throws IOException {
        Path target = dir.resolve("quick");
        Path staging = Run.staging(target);
        String err = failed("ElementwiseBench failed: boom", staging, target);
        assertEquals("run: ElementwiseBench failed: boom; nothing was kept, " + target + " is unchanged", err.strip());
        assertEquals(List.of(), names(dir));
    }

    static String failed(String why, Path staging, Path target) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(1, Run.failed(why, staging, target, new PrintStream(err, true, StandardCharsets.UTF_8)));
        return err.toString(StandardCharsets.UTF_8);
    }

    /** JMH writes its results through a PrintStream, which drops write errors: a full disk leaves 0 bytes. */
    @Test
    void anEmptyResultFileIsAFailedWriteNotABadFile() throws IOException {
        Path json = Files.createFile(dir.resolve("jmh-MatmulBench.json"));
        BadInput e = assertThrows(BadInput.class, () -> Run.suiteResults(json, "MatmulBench"));
        assertTrue(e.getMessage().startsWith("writing MatmulBench's results failed: JMH left " + json
                + " 0 bytes long"),
                e.getMessage());
        assertFalse(e.getMessage().contains("not a JMH result file"), e.getMessage());
        assertEquals("writing MatmulBench's results failed: JMH left " + json + " 0 bytes long, and the disk has no "
                + "space left (4096 bytes free)", Run.unwritten(json, "MatmulBench", 4096));
        assertEquals("writing MatmulBench's results failed: JMH left " + dir.resolve("gone.json") + " missing",
                Run.unwritten(dir.resolve("gone.json"), "MatmulBench", Long.MAX_VALUE));
    }
}
