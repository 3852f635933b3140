package dev.backflow.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The blocking is a pure function of the CPU: width, register file and caches, with sane defaults. */
class BlockingTest {

    @Test
    void theTileShapeFollowsTheRegisterFile() {
        Caches zen4 = new Caches(32 * 1024, 1024 * 1024, true);
        Blocking avx512 = Blocking.of(512, 16, 32, zen4, true, NONE);
        assertEquals(6, avx512.mr());
        assertEquals(32, avx512.nr());
        assertEquals(128, avx512.kc()); // a B sliver, 128 × 32 floats, is half of the 32 KiB L1
        assertEquals(0, avx512.mc() % avx512.mr());
        assertTrue((long) avx512.mc() * dev.backflow.BackwardKernels.MATMUL_BLOCK * Float.BYTES <= zen4.l2() / 2);
        assertEquals(Blocking.PANEL_BYTES, dev.backflow.BackwardKernels.MATMUL_BLOCK * avx512.nc() * Float.BYTES);
        assertEquals(Blocking.TransposePack.GATHER, avx512.transposePack());

        Blocking avx2 = Blocking.of(256, 8, 16, zen4, false, NONE);
        assertEquals(4, avx2.mr());
        assertEquals(16, avx2.nr());
        assertEquals(256, avx2.kc());
        assertEquals(Blocking.TransposePack.COPY, avx2.transposePack());

        // same CPU, same blocking
        assertEquals(Blocking.of(256, 8, 16, zen4, false, NONE), Blocking.of(256, 8, 16, zen4, false, NONE));
    }

    private static final java.util.function.Function<String, String> NONE = name -> null;

    @Test
    void propertiesSetEachValueAndBadOnesAreIgnoredAndNamed() {
        Caches zen3 = new Caches(32 * 1024, 512 * 1024, true);
        java.util.Map<String, String> props = java.util.Map.of("backflow.gemm.kc", "96", "backflow.gemm.mc", "30",
                "backflow.gemm.nc", "500", "backflow.gemm.transposePack", "gather");
        Blocking b = Blocking.of(256, 8, 16, zen3, false, props::get);
        assertEquals(96, b.kc());
        assertEquals(32, b.mc()); // rounded up to whole micro-tiles of 4 rows
        assertEquals(512, b.nc()); // whole slivers of 16 columns
        assertEquals(Blocking.TransposePack.GATHER, b.transposePack());
        assertTrue(b.describe().contains("backflow.gemm.kc=96"), b.describe());

        java.util.Map<String, String> bad = java.util.Map.of("backflow.gemm.kc", "512", "backflow.gemm.mr", "6",
                "backflow.gemm.mc", "x", "backflow.gemm.transposePack", "scatter");
        Blocking d = Blocking.of(256, 8, 16, zen3, false, bad::get);
        assertEquals(Blocking.of(256, 8, 16, zen3, false, NONE).kc(), d.kc()); // deeper than the rounding block
        assertEquals(4, d.mr()); // 6 rows need 32 registers
        assertEquals(Blocking.MC_ROWS, d.mc());
        assertEquals(Blocking.TransposePack.COPY, d.transposePack());
        for (String named : new String[] {"kc=512 ignored", "mr=6 ignored", "mc=x ignored", "scatter ignored"}) {
            assertTrue(d.describe().contains(named), d.describe());
        }
    }

    @Test
    void thisJvmsBlockingMatchesItsFlags() {
        Blocking b = Blocking.CURRENT;
        assertEquals(VectorKernels.L, b.lanes());
        assertEquals(b.registers() >= 32 ? 6 : 4, b.mr());
        assertEquals(Gemm.MR, b.mr());
        assertTrue(b.describe().contains("micro-kernel " + b.mr() + "x" + b.nr()), b.describe());
        System.out.println("blocking: " + b.describe());
    }

    @Test
    void cacheSizesComeFromSysfsOrDefaults(@TempDir Path dir) throws Exception {
        Caches none = Caches.read(dir.resolve("missing"));
        assertEquals(new Caches(Caches.DEFAULT_L1D_BYTES, Caches.DEFAULT_L2_BYTES, false), none);
        write(dir.resolve("index0"), "1", "Data", "48K");
        write(dir.resolve("index1"), "1", "Instruction", "32K");
        write(dir.resolve("index2"), "2", "Unified", "2M");
        assertEquals(new Caches(48 * 1024, 2 * 1024 * 1024, true), Caches.read(dir));
        write(dir.resolve("index2"), "2", "Unified", "garbage");
        assertEquals(new Caches(48 * 1024, Caches.DEFAULT_L2_BYTES, false), Caches.read(dir));
    }

    private static void write(Path index, String level, String type, String size) throws Exception {
        Files.createDirectories(index);
        Files.writeString(index.resolve("level"), level + "\n");
        Files.writeString(index.resolve("type"), type + "\n");
        Files.writeString(index.resolve("size"), size + "\n");
    }
}
