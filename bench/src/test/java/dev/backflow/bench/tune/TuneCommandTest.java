package dev.backflow.bench.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backflow.bench.BadInputTest;
import dev.backflow.bench.BenchMain;
import dev.backflow.bench.harness.VectorWidth;
import dev.backflow.bench.report.CompareTest;
import dev.backflow.bench.report.Environment;
import dev.backflow.bench.report.PairedAnalysis;
import dev.backflow.bench.report.PairedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tune command's input checks (exit 2, one line, nothing written, no child started), how it reads a
 * child's blocking from the vector kernels' own description, and its one machine-state threshold over every
 * child. The search itself is {@link TuneSearchTest}; a whole run through the jar is {@link TuneIT}.
 */
class TuneCommandTest {

    @TempDir
    Path dir;

    void unusable(String mention, String... args) {
        BadInputTest.unusableCommand(dir, "tune", "tune:", mention, args);
    }

    @Test
    void childrenRunTheJarsEntryPoint() {
        assertEquals(BenchMain.class.getName(), TuneChild.MAIN);
    }

    @Test
    void badOptions() {
        unusable("unknown arguments --minute 3 (-h lists tune's options)", "--minute", "3");
        unusable("--minutes: 0 is not a number from above 0 to 1440", "--minutes", "0");
        unusable("--minutes takes a number, not 'five'", "--minutes", "five");
        unusable("--margin: -1 is not a number from 0 to 100", "--margin", "-1");
        unusable("--search: unknown setting 'nr' (mc, nc, kc, transposePack, mr)", "--search", "mc,nr");
        unusable("--search: 'kc' is given twice", "--search", "kc,kc");
        unusable("--shape: '64x64' is not m×k×n", "--shape", "256,64x64");
        unusable("--products: unknown product 'dY'", "--products", "dY");
        unusable("--rounds: 0 is not in [1, 1000000]", "--rounds", "0");
        unusable("--warmup-ms takes a number of milliseconds, not 'x'", "--warmup-ms", "x");
        unusable("--minutes needs a value", "--minutes");
    }

    @Test
    void theYardstickMustBeARowNoSettingChanges() {
        unusable("--against: 'vector' cannot be the yardstick: it must be a row no setting changes (openblas, "
                + "scalar, ejml, netlib-vector)", "--against", "vector");
        unusable("--against: 'jar:" + dir + "' cannot be the yardstick", "--against", "jar:" + dir);
    }

    @Test
    void openBlasAskedForButNotInstalled() {
        String before = System.getProperty("backflow.openblas");
        System.setProperty("backflow.openblas", dir.resolve("no-libblas.so.3").toString());
        try {
            unusable("--against openblas: OpenBLAS is not installed", "--against", "openblas");
            TunePlan plan = TunePlan.parse(List.of());
            assertEquals("scalar", plan.against(), "without OpenBLAS the default yardstick is scalar");
            assertTrue(plan.note().startsWith("OpenBLAS is not installed, so the yardstick is Backflow's scalar"));
        } finally {
            if (before == null) {
                System.clearProperty("backflow.openblas");
            } else {
                System.setProperty("backflow.openblas", before);
            }
        }
    }

    @Test
    void theDefaults() {
        TunePlan plan = TunePlan.parse(List.of());
        assertEquals(List.of("256", "1024", "64x784x256", "512x1024x1024"), plan.shapes());
        assertEquals(List.of("both"), plan.products());
        assertEquals(5, plan.minutes());
        assertEquals(3, plan.marginPct());
        assertEquals(0, plan.rounds(), "fitted to the budget");
        assertEquals(List.of(TuneSetting.Coordinate.values()), plan.search());
        assertEquals(Path.of("results/tune"), plan.out());
    }

    @Test
    void helpNamesEveryOption() {
        CompareTest.Outcome o = CompareTest.cli("tune", "-h");
        assertEquals(0, o.exit());
        for (String option : List.of("--minutes", "--shape", "--products", "--against", "--search", "--margin",
                "--rounds", "--batch-ms", "--probe-ms", "--warmup-ms", "--seed", "--out", "TunedDefaults")) {
            assertTrue(o.out().contains(option), option + " in " + o.out());
        }
    }

    /** The bench reads the child's blocking from simd's own words: this JVM's description must parse. */
    @Test
    void readsTheBlockingFromTheVectorKernelsOwnDescription() {
        String description = Environment.vectorKernels();
        TuneChild.Described d = TuneChild.Described.parse(description);
        assertEquals(VectorWidth.preferredBits(), d.bits(), description);
        assertTrue(description.contains("micro-kernel " + d.setting().mr() + "x" + d.nr() + ", kc "
                + d.setting().kc() + ", mc " + d.setting().mc() + ", nc " + d.setting().nc()), description);
        if (Files.isReadable(Path.of("/proc/cpuinfo")) && Environment.cpuModel().length() > 0
                && !System.getProperty("os.arch").equals("aarch64")) {
            assertTrue(d.vendor() != null && d.family() > 0, "the CPU kind on Linux x86: " + description);
        }
        assertTrue(d.defaults().equals("derived from cache sizes") || d.defaults().startsWith("defaults for "),
                d.defaults());

        TuneChild.Described tuned = TuneChild.Described.parse("Vector API, 256-bit FloatVector; matmul blocking: "
                + "256-bit vectors, 16 registers: micro-kernel 4x16, kc 128, mc 96, nc 1024, transposed B by copy "
                + "(L1d 32 KiB, L2 512 KiB; defaults for AuthenticAMD family 25 model 1, 256-bit, 16 registers "
                + "(tune run 2026-12-02); set: backflow.gemm.mc=96)");
        assertEquals(new TuneSetting(4, 128, 96, 1024, "copy"), tuned.setting());
        assertEquals(List.of("AuthenticAMD", 25, 1, 16, 16), List.of(tuned.vendor(), tuned.family(), tuned.model(),
                tuned.nr(), tuned.registers()));
        assertEquals("defaults for AuthenticAMD family 25 model 1, 256-bit, 16 registers (tune run 2026-12-02)",
                tuned.defaults());
        TuneChild.Described unknown = TuneChild.Described.parse("256-bit vectors, 16 registers: micro-kernel 4x16, "
                + "kc 128, mc 96, nc 1024, transposed B by gather (L1d 32 KiB, L2 512 KiB; derived from cache sizes "
                + "(no tune run for an unknown CPU))");
        assertNull(unknown.vendor());
        assertEquals("gather", unknown.setting().transposePack());
    }

    /** A child that ran wholly in the slow state is slow by every child's readings, though fast by its own. */
    @Test
    void oneMachineStateThresholdForEveryChild() {
        PairedData.Run fast = run(92);
        PairedData.Run slow = run(60);
        double alone = PairedAnalysis.analyse(slow).threshold();
        assertTrue(60 >= alone, "by its own readings the slow child is fast");
        double together = TuneChild.threshold(List.of(fast, slow));
        assertEquals(PairedAnalysis.FAST_FRACTION * 92, together, 1e-9);
        TuneScore s = TuneScore.of(slow, together);
        assertEquals(0, s.parts().get(0).fastRounds());
        assertFalse(s.enoughFast());
        assertEquals(10, TuneScore.of(fast, together).parts().get(0).fastRounds());
    }

    private static PairedData.Run run(double probe) {
        List<PairedData.Round> rounds = java.util.stream.IntStream.range(0, 10)
                .mapToObj(i -> new PairedData.Round("AB", 100, 80, probe, probe)).toList();
        return new PairedData.Run("vector", "vector", "openblas", "OpenBLAS", Map.of(), Map.of(),
                List.of(new PairedData.Row("256", "both", 1, 2 * 256.0 * 256 * 256 * 2, 1, 1, rounds)));
    }
}
