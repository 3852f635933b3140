package dev.backflow.bench.gate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backflow.bench.BadInputTest;
import dev.backflow.bench.report.CompareTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate command: bad input is exit 2 and one line; and a smoke run of the interleaved gate on a tiny row
 * set (two pairs of child JVMs measuring this checkout's core and simd, jarred for the test, against
 * themselves), which checks the alternation, the forks' data and the report. Its numbers mean nothing.
 */
class GateCommandTest {

    @TempDir
    static Path dir;
    static Path build;

    /** This checkout's compiled core and simd as the jars a build directory holds. */
    @BeforeAll
    static void jars() throws IOException {
        build = Files.createDirectories(dir.resolve("build"));
        ToolProvider jar = ToolProvider.findFirst("jar").orElseThrow();
        for (String module : List.of("core", "simd")) {
            Path classes = Path.of("..", module, "target", "classes").toAbsolutePath().normalize();
            int exit = jar.run(System.out, System.err, "--create", "--file",
                    build.resolve("backflow-" + module + "-test.jar").toString(), "-C", classes.toString(), ".");
            assertEquals(0, exit, "jar " + classes);
        }
    }

    static void unusable(String expected, String... args) {
        List<String> all = new ArrayList<>(List.of("gate"));
        all.addAll(List.of(args));
        CompareTest.Outcome o = CompareTest.cli(all.toArray(String[]::new));
        BadInputTest.unusable(o, expected);
        assertTrue(o.err().startsWith("gate: "), o.err());
    }

    @Test
    void badInput() {
        String b = build.toString();
        unusable("expected BASE CAND");
        unusable("expected BASE CAND", b);
        unusable("expected BASE CAND", b, b, b);
        unusable("BASE jar:" + dir.resolve("nowhere") + ": no such directory", dir.resolve("nowhere").toString(), b);
        unusable("no backflow-core-*.jar", b, dir.toString());
        unusable("--pairs: 1 is not in [2, 10000]", b, b, "--pairs", "1");
        unusable("--iterations takes a whole number, not 'x'", b, b, "--iterations", "x");
        unusable("--threshold takes a percentage, not 'big'", b, b, "--threshold", "big");
        unusable("--steady: -3 is not a percentage", b, b, "--steady", "-3");
        unusable("--judge: 'both' is neither normalised nor raw", b, b, "--judge", "both");
        unusable("--rows: unknown row 'gelu'", b, b, "--rows", "relu,gelu");
        unusable("--rows is '0x2'", b, b, "--rows", "matmul:0x2");
        unusable("--cand-extra takes ROW=PCT", b, b, "--cand-extra", "matmul");
        unusable("--cand-extra: unknown row 'fft'", b, b, "--cand-extra", "fft=10");
        unusable("--cand-extra: 5000 is not in [0, 1000]", b, b, "--cand-extra", "matmul=5000");
        unusable("--seed needs a value", b, b, "--seed");
        unusable("--warmup-cap-ms: 0 is not a time", b, b, "--warmup-cap-ms", "0");
    }

    @Test
    void helpNamesEveryOptionAndExitStatus() {
        CompareTest.Outcome o = CompareTest.cli("gate", "-h");
        assertEquals(0, o.exit());
        for (String s : List.of("--rows", "--pairs", "--iterations", "--iteration-ms", "--probe-ms", "--warmup-cap-ms",
                "--threshold", "--steady", "--judge", "--seed", "--out", "--cand-extra", "TEST DEVICE", "exit 0",
                "3: no regression, but the probes")) {
            assertTrue(o.out().contains(s), s + " in " + o.out());
        }
    }

    @Test
    void smokeRunAlternatesThePairsAndReports() throws IOException {
        long seed = 1;
        while (GatePlan.baseFirst(seed, 2).get(0) == GatePlan.baseFirst(seed, 2).get(1)) {
            seed++; // a seed whose two pairs run in different orders, so the alternation shows
        }
        List<Boolean> baseFirst = GatePlan.baseFirst(seed, 2);
        Path out = dir.resolve("smoke");
        String b = build.toString();
        CompareTest.Outcome o = CompareTest.cli("gate", b, "jar:" + b, "--rows", "relu,matmul:16x24x8",
                "--pairs", "2", "--iterations", "3", "--iteration-ms", "2", "--probe-ms", "1",
                "--warmup-cap-ms", "200", "--steady", "1000", "--threshold", "900", "--seed", Long.toString(seed),
                "--cand-extra", "relu=20", "--out", out.toString());
        // 0, or 3 where this shared machine's load moved the probes too much; the exit status's logic is
        // GateStatsTest's, this test checks that the forks ran, alternated and were reported
        assertTrue(o.exit() == 0 || o.exit() == 3, o.out() + o.err());
        if (o.exit() == 3) {
            assertTrue(o.err().startsWith("gate: the machine changed too much to judge "), o.err());
            assertEquals(1, o.err().lines().count(), o.err());
        }
        assertTrue(o.out().contains("seed " + seed), o.out());
        List<GateData.Fork> forks = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            String first = baseFirst.get(p) ? "base" : "cand";
            assertTrue(o.out().contains("pair " + (p + 1) + " of 2: " + first + " loaded first"), o.out());
            String name = String.format("%02d", p + 1);
            String log = Files.readString(out.resolve("forks").resolve(name + ".log"));
            assertTrue(log.contains(GateFork.class.getName()) && log.contains("--first " + first)
                    && log.contains("--extra relu=20"), log);
            for (String side : GateFork.SIDES) {
                GateData.Fork f = GateData.read(out.resolve("forks").resolve(name + "-" + side + ".json"));
                assertEquals(side, f.side());
                assertEquals(p + 1, f.pair());
                assertEquals(List.of("relu", "matmul:16x24x8"), f.rows().stream().map(GateData.Row::id).toList());
                for (GateData.Row r : f.rows()) {
                    assertEquals(3, r.nanos().length);
                    assertEquals(4, r.fma().length);
                    assertTrue(r.warmupIterations() >= 1 && r.warmupMs() > 0, r.toString());
                }
                forks.add(f);
            }
            for (int row = 0; row < 2; row++) { // the rounds' probe readings, shared by both sides
                assertArrayEquals(forks.get(2 * p).rows().get(row).fma(), forks.get(2 * p + 1).rows().get(row).fma());
            }
        }
        assertTrue(forks.get(0).startedMillis() <= forks.get(2).startedMillis(), "the pairs ran in order");
        String md = Files.readString(out.resolve("gate.md"));
        String summary = "### Gate: 0 regressions, 0 improvements, " + (o.exit() == 0 ? "2 unchanged, 0" : "");
        assertTrue(md.startsWith(summary), md);
        assertTrue(md.contains("the build loaded first: " + (baseFirst.get(0) ? "BC CB" : "CB BC")), md);
        assertTrue(md.contains("--cand-extra relu=20"), md);
        List<String> tsv = Files.readAllLines(out.resolve("gate.tsv"));
        assertEquals(GateReport.TSV_HEADER, tsv.get(0));
        assertEquals(3, tsv.size());
        Matcher m = Pattern.compile("\\| relu \\| bandwidth \\|.*\\| [0-2] of 2 \\| \\d+\\.\\d\\d \\(\\d+\\.\\d\\d\\)")
                .matcher(md);
        assertTrue(m.find(), "the relu row with its steady pairs and warm-up: " + md);
    }
}
