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
        Blocking avx512 = Blocking.of(512, 16, 32, zen4);
        assertEquals(6, avx512.mr());
        assertEquals(32, avx512.nr());
        assertEquals(128, avx512.kc()); // a B sliver, 128 × 32 floats, is half of the 32 KiB L1
        assertEquals(0, avx512.mc() % avx512.mr());
        assertTrue((long) avx512.mc() * avx512.kc() * Float.BYTES <= zen4.l2() / 2);
        assertEquals(Blocking.PANEL_BYTES, avx512.kc() * avx512.nc() * Float.BYTES);

        Blocking avx2 = Blocking.of(256, 8, 16, zen4);
        assertEquals(4, avx2.mr());
        assertEquals(16, avx2.nr());
        assertEquals(256, avx2.kc());

        assertEquals(Blocking.of(256, 8, 16, zen4), Blocking.of(256, 8, 16, zen4)); // same CPU, same blocking
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
