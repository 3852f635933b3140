package dev.backflow.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backflow.BackwardKernels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The blocking is a pure function of the CPU: width, register file and caches, with sane defaults. */
class BlockingTest {

    @Test
    void theTileShapeFollowsTheRegisterFile() {
        Caches zen4 = new Caches(32 * 1024, 1024 * 1024, true);
        Blocking avx512 = Blocking.of(512, 16, 32, zen4, true, NONE);
        assertEquals(6, avx512.mr());
        assertEquals(8, avx512.mrSteps()); // an A packed as steps: 16 accumulators
        assertEquals(0, avx512.mcSteps() % avx512.mrSteps());
        assertTrue(avx512.mcSteps() <= avx512.mc());
        assertEquals(32, avx512.nr());
        assertEquals(128, avx512.kc()); // a B sliver, 128 × 32 floats, is half of the 32 KiB L1
        assertEquals(0, avx512.mc() % avx512.mr());
        assertTrue((long) avx512.mc() * BackwardKernels.MATMUL_BLOCK * Float.BYTES <= zen4.l2() / 2);
        assertEquals(Blocking.PANEL_BYTES, BackwardKernels.MATMUL_BLOCK * avx512.nc() * Float.BYTES);
        assertEquals(Blocking.TransposePack.GATHER, avx512.transposePack());

        Blocking avx2 = Blocking.of(256, 8, 16, zen4, false, NONE);
        assertEquals(4, avx2.mr());
        assertEquals(4, avx2.mrSteps()); // one tile for every A on 16 registers
        assertEquals(16, avx2.nr());
        assertEquals(256, avx2.kc());
        assertEquals(Blocking.TransposePack.COPY, avx2.transposePack());

        // same CPU, same blocking
        assertEquals(Blocking.of(256, 8, 16, zen4, false, NONE), Blocking.of(256, 8, 16, zen4, false, NONE));
    }

    private static final Function<String, String> NONE = name -> null;

    @Test
    void propertiesSetEachValueAndBadOnesAreIgnoredAndNamed() {
        Caches zen3 = new Caches(32 * 1024, 512 * 1024, true);
        Map<String, String> props = Map.of("backflow.gemm.kc", "96", "backflow.gemm.mc", "30",
                "backflow.gemm.nc", "500", "backflow.gemm.transposePack", "gather");
        Blocking b = Blocking.of(256, 8, 16, zen3, false, props::get);
        assertEquals(96, b.kc());
        assertEquals(32, b.mc()); // rounded up to whole micro-tiles of 4 rows
        assertEquals(512, b.nc()); // whole slivers of 16 columns
        assertEquals(Blocking.TransposePack.GATHER, b.transposePack());
        assertTrue(b.describe().contains("backflow.gemm.kc=96"), b.describe());

        Map<String, String> bad = Map.of("backflow.gemm.kc", "512", "backflow.gemm.mr", "6",
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
    void theStepTileIsEightRowsOnlyBesideTheSixRowTileOnSixteenLanes() {
        Caches caches = new Caches(48 * 1024, 1024 * 1024, true);
        Map<String, String> six = Map.of("backflow.gemm.mrSteps", "6");
        assertEquals(6, Blocking.of(512, 16, 32, caches, true, six::get).mrSteps());
        assertEquals(96, Blocking.of(512, 16, 32, caches, true, Map.of("backflow.gemm.mc", "102")::get).mcSteps());
        assertEquals(8, Blocking.of(512, 16, 32, caches, true, Map.of("backflow.gemm.mc", "6")::get).mcSteps());
        Map<String, String> four = Map.of("backflow.gemm.mr", "4");
        assertEquals(4, Blocking.of(512, 16, 32, caches, true, four::get).mrSteps()); // follows a 4-row tile
        Map<String, String> eight = Map.of("backflow.gemm.mrSteps", "8");
        Blocking narrow = Blocking.of(256, 8, 32, caches, true, eight::get);
        assertEquals(6, narrow.mrSteps()); // 8 lanes: not measured, so refused
        assertTrue(narrow.describe().contains("mrSteps=8 ignored"), narrow.describe());
    }

    @Test
    void aStepVectorIsNeverWiderThanTheJitsVectors() {
        Caches caches = new Caches(32 * 1024, 512 * 1024, true);
        assertEquals(512, Blocking.of(512, 16, 32, caches, true, NONE).stepBits()); // 8 floats under a mask
        assertEquals(256, Blocking.of(256, 8, 32, caches, true, NONE).stepBits()); // 6 floats: 8 rows need 16 lanes
        assertEquals(0, Blocking.of(128, 4, 32, caches, true, NONE).stepBits()); // MaxVectorSize=16: 6 rows, 4 lanes
        assertEquals(128, Blocking.of(256, 8, 16, caches, false, NONE).stepBits()); // 4 rows, one 128-bit move
        assertEquals(0, Blocking.of(512, 16, 32, caches, false, NONE).stepBits()); // 6 rows, masks not cheap
    }

    @Test
    void operandsAreReadInPlaceOnlyByTheSixRowTileAndUpToL1() {
        Caches caches = new Caches(48 * 1024, 1024 * 1024, true);
        assertEquals(48 * 1024, Blocking.of(512, 16, 32, caches, true, NONE).directBytes());
        assertEquals(0, Blocking.of(256, 8, 16, caches, false, NONE).directBytes()); // 4 rows: 16 registers
    }

    @Test
    void onlyTheSixRowTileAddsToCFromTheKernelAndAPropertyTurnsItOff() {
        Caches caches = new Caches(48 * 1024, 1024 * 1024, true);
        assertTrue(Blocking.of(512, 16, 32, caches, true, NONE).kernelAddsC());
        assertFalse(Blocking.of(256, 8, 16, caches, false, NONE).kernelAddsC()); // no 4-row kernel adds to C
        assertFalse(Blocking.of(512, 16, 32, caches, true, Map.of("backflow.gemm.mr", "4")::get).kernelAddsC());
        Blocking off = flagSet(caches, 512, 16, 32, "kernelAddsC", "false", Blocking::kernelAddsC, false, null);
        assertTrue(off.describe().contains("tile buffer added to C " + off.addSlivers() + " slivers"), off.describe());
        flagSet(caches, 256, 8, 16, "kernelAddsC", "true", Blocking::kernelAddsC, false,
                "kernelAddsC=true ignored (needs the 6-row tile)");
        flagSet(caches, 512, 16, 32, "kernelAddsC", "yes", Blocking::kernelAddsC, true,
                "kernelAddsC=yes ignored (true or false)");
    }

    @Test
    void blockTransposesNeedEightOrSixteenLanes() {
        Caches caches = new Caches(32 * 1024, 512 * 1024, true);
        Map<String, String> props = Map.of("backflow.gemm.transposePack", "transpose");
        assertEquals(Blocking.TransposePack.TRANSPOSE, Blocking.of(256, 8, 16, caches, false, props::get)
                .transposePack());
        assertEquals(Blocking.TransposePack.TRANSPOSE, Blocking.of(512, 16, 32, caches, true, props::get)
                .transposePack());
        Blocking neon = Blocking.of(128, 4, 32, caches, false, props::get);
        assertEquals(Blocking.TransposePack.COPY, neon.transposePack());
        assertTrue(neon.describe().contains("transpose needs 8 or 16 lanes"), neon.describe());
    }

    /** The first processor of a Zen 3 EPYC's /proc/cpuinfo, as KVM shows it (the model name line included). */
    static final String ZEN3_CPUINFO = """
            processor\t: 0
            vendor_id\t: AuthenticAMD
            cpu family\t: 25
            model\t\t: 1
            model name\t: AMD EPYC
            flags\t\t: fpu avx2 fma

            processor\t: 1
            vendor_id\t: GenuineIntel
            cpu family\t: 6
            model\t\t: 143
            """;

    @Test
    void cpuinfoNamesTheFirstProcessorsKind() {
        assertEquals(Optional.of(new CpuId("AuthenticAMD", 25, 1)), CpuId.parse(ZEN3_CPUINFO));
        assertEquals(Optional.of(new CpuId("arm-0x41", 8, 0xd0c)), CpuId.parse(
                "processor\t: 0\nBogoMIPS\t: 50.00\nCPU implementer\t: 0x41\nCPU architecture: 8\n"
                        + "CPU variant\t: 0x3\nCPU part\t: 0xd0c\n"));
        assertEquals(Optional.empty(), CpuId.parse(""));
        assertEquals(Optional.empty(), CpuId.parse("vendor_id\t: AuthenticAMD\ncpu family\t: x\n"));
    }

    @Test
    void aKnownCpuKindTakesItsTunedRowAndAnUnknownOneDoesNot() {
        Caches zen3 = new Caches(32 * 1024, 512 * 1024, true);
        TunedDefaults zen3Row = new TunedDefaults("AuthenticAMD", 25, 1, 256, 16, "2026-12-02", 4, 96, 96, 512,
                Blocking.TransposePack.GATHER);
        TunedDefaults zen4Row = new TunedDefaults("AuthenticAMD", 25, 17, 512, 32, "2026-11-30", 6, 128, 72, 1024,
                Blocking.TransposePack.GATHER);
        List<TunedDefaults> table = List.of(zen4Row, zen3Row);

        Blocking known = Blocking.of(256, 8, 16, zen3, false, NONE, () -> ZEN3_CPUINFO, table);
        assertEquals(List.of(4, 96, 96, 512), List.of(known.mr(), known.kc(), known.mc(),
                known.nc()));
        assertEquals(Blocking.TransposePack.GATHER, known.transposePack());
        assertTrue(known.describe().contains(
                "; defaults for AuthenticAMD family 25 model 1, 256-bit, 16 registers (tune run 2026-12-02)"),
                known.describe());

        // the same CPU under another width or register file (-XX:UseAVX), another model, or no cpuinfo at all
        Blocking derived = Blocking.of(256, 8, 16, zen3, false, NONE);
        for (Blocking unknown : new Blocking[] {
                Blocking.of(128, 4, 16, zen3, false, NONE, () -> ZEN3_CPUINFO, table),
                Blocking.of(256, 8, 16, zen3, false, NONE, () -> ZEN3_CPUINFO.replace("model\t\t: 1", "model\t\t: 8"),
                        table),
                Blocking.of(256, 8, 16, zen3, false, NONE, () -> "", table)}) {
            assertEquals(List.of(derived.kc(), derived.mc(), derived.nc()),
                    List.of(unknown.kc(), unknown.mc(), unknown.nc()), unknown.describe());
            assertEquals(Blocking.TransposePack.COPY, unknown.transposePack());
            assertTrue(unknown.describe().contains("; derived from cache sizes (no tune run for "), unknown.describe());
        }
        assertTrue(Blocking.of(256, 8, 16, zen3, false, NONE, () -> ZEN3_CPUINFO, List.of()).describe()
                .contains("derived from cache sizes (no tune run for AuthenticAMD family 25 model 1, 256-bit, "
                        + "16 registers)"));

        // a property still wins over the row
        Blocking set = Blocking.of(256, 8, 16, zen3, false, Map.of("backflow.gemm.kc", "64")::get,
                () -> ZEN3_CPUINFO, table);
        assertEquals(64, set.kc());
        assertEquals(96, set.mc());
    }

    @Test
    void aRowTheBlockingCannotUseIsRefused() {
        for (int[] bad : new int[][] {{6, 96, 96, 512}, {4, 512, 96, 512}, {4, 96, 90, 512}, {4, 96, 96, 520}}) {
            assertThrows(IllegalArgumentException.class, () -> new TunedDefaults(
                    "AuthenticAMD", 25, 1, 256, 16, "2026-12-02", bad[0], bad[1], bad[2], bad[3],
                    Blocking.TransposePack.COPY), Arrays.toString(bad));
        }
    }

    @Test
    void thisJvmsBlockingMatchesItsFlags() {
        Blocking b = Blocking.CURRENT;
        assertEquals(VectorKernels.LANES, b.lanes());
        assertEquals(b.registers() >= 32 ? 6 : 4, b.mr());
        assertEquals(Gemm.MR, b.mr());
        assertTrue(b.describe().contains("micro-kernel " + b.mr() + "x" + b.nr()), b.describe());
        System.out.println("blocking: " + b.describe());
    }

    @Test
    void dxIsSwappedOnlyAt16LanesByDefaultAndAPropertySetsIt() {
        Caches caches = new Caches(48 * 1024, 1024 * 1024, true);
        Blocking wide = Blocking.of(512, 16, 32, caches, true, NONE);
        assertTrue(wide.swapDx());
        assertTrue(wide.describe().contains("dX as W·dYᵀ where that transposes less"), wide.describe());
        assertFalse(Blocking.of(256, 8, 16, caches, false, NONE).swapDx()); // not measured at 8 lanes
        flagSet(caches, 256, 8, 16, "swapDx", "true", Blocking::swapDx, true, "backflow.gemm.swapDx=true");
        Blocking off = flagSet(caches, 512, 16, 32, "swapDx", "false", Blocking::swapDx, false, null);
        assertFalse(off.describe().contains("dX as W·dYᵀ"), off.describe());
        flagSet(caches, 128, 4, 32, "swapDx", "true", Blocking::swapDx, false,
                "swapDx=true ignored (needs 8 or 16 lanes)");
        flagSet(caches, 512, 16, 32, "swapDx", "yes", Blocking::swapDx, true, "swapDx=yes ignored (true or false)");
    }

    /** The blocking with one backflow.gemm property set: the flag as expected, and the log's note where given. */
    private static Blocking flagSet(Caches caches, int bits, int lanes, int registers, String name, String value,
                                    java.util.function.Predicate<Blocking> flag, boolean want, String note) {
        Blocking b = Blocking.of(bits, lanes, registers, caches, lanes == 16,
                Map.of("backflow.gemm." + name, value)::get);
        assertEquals(want, flag.test(b), name + "=" + value + " at " + bits + " bits");
        if (note != null) {
            assertTrue(b.describe().contains(note), b.describe());
        }
        return b;
    }

    @Test
    void dxIsSwappedWhereItTransposesLessAndPadsNoMore() {
        boolean on = Blocking.CURRENT.swapDx() && Transpose.SUPPORTED;
        assertEquals(on, MatmulEngine.dxSwapped(64, 784, Gemm.RB)); // W's 200,704 floats against 66,560
        assertEquals(on, MatmulEngine.dxSwapped(62, 781, 2 * Gemm.RB + 7)); // MatmulPropertyTest's swapped shape
        assertFalse(MatmulEngine.dxSwapped(512, 1024, 1024)); // four blocks of sums: 2.6 M floats against W's 1 M
        assertFalse(MatmulEngine.dxSwapped(40, 600, 300)); // dXᵀ's 40 columns would pad to 64
        assertFalse(MatmulEngine.dxSwapped(256, 256, 256)); // m = k: nothing to save
        assertFalse(MatmulEngine.dxSwapped(128, 256, 512)); // as many floats either way: not half
    }

    @Test
    void theTableHoldsEveryEntryTheEngineUsesAndTheLogNamesThem() {
        Blocking b = Blocking.CURRENT;
        assertEquals(b.gatherStrideLimit(), Gemm.GATHER_STRIDE_LIMIT);
        assertEquals(b.grain(), MatmulEngine.GRAIN);
        assertEquals(b.rowCutRatio(), MatmulEngine.ROW_CUT_RATIO);
        assertEquals(b.addSlivers() * b.nr(), Gemm.ADD_COLUMNS);
        assertEquals(b.kernelAddsC(), Gemm.KERNEL_ADDS_C);
        assertTrue(MatmulEngine.dwUnpacked(b.dwUnpackedBatch()) && !MatmulEngine.dwUnpacked(b.dwUnpackedBatch() + 1));
        String log = b.describe();
        for (String entry : new String[] {"gathers below stride " + b.gatherStrideLimit(), "split grain " + b.grain(),
            "dW unpacked up to batch " + b.dwUnpackedBatch(), "dot blocks of " + b.dotRows() + " rows",
            "copy tiles of " + b.copyTile(), b.copyRows() + " copies a pass",
            "a row-major A packed as rows", "a column-major A's steps moved by ",
            "operands read in place up to " + b.directBytes() / 1024 + " KiB",
            "split along C's rows up to " + b.rowCutRatio() + " columns a row",
            b.kernelAddsC() ? "whole tiles added to C by the micro-kernel"
                : "tile buffer added to C " + b.addSlivers() + " slivers at a time"}) {
            assertTrue(log.contains(entry), log);
        }
        assertEquals(b.swapDx(), log.contains("dX as W·dYᵀ where that transposes less"), log);
        assertEquals(b.stepBits() != 0, log.contains("staged from stride " + Gemm.STAGE_STRIDE), log);
    }

    @Test
    void aZen5WhoseSysfsListsNoCachesTakesZen5sSizesAndReadsOperandsOf48KiBInPlace() {
        Caches unread = new Caches(Caches.DEFAULT_L1D_BYTES, Caches.DEFAULT_L2_BYTES, false);
        String zen5 = ZEN3_CPUINFO.replace("cpu family\t: 25", "cpu family\t: 26")
                .replace("model\t\t: 1", "model\t\t: 2");
        Blocking known = Blocking.of(512, 16, 32, unread, true, NONE, () -> zen5, List.of());
        assertEquals(48 * 1024, known.caches().l1d());
        assertEquals(48 * 1024, known.directBytes());
        assertTrue(known.describe().contains(
                "L1d 48 KiB, L2 1024 KiB, Zen 5's (AMD family 26), not listed in sysfs"), known.describe());
        // sysfs wins where it lists the caches, and another kind keeps the assumed sizes
        Caches read = new Caches(32 * 1024, 512 * 1024, true);
        assertEquals(32 * 1024, Blocking.of(512, 16, 32, read, true, NONE, () -> zen5, List.of()).directBytes());
        Blocking zen3 = Blocking.of(512, 16, 32, unread, true, NONE, () -> ZEN3_CPUINFO, List.of());
        assertEquals(Caches.DEFAULT_L1D_BYTES, zen3.directBytes());
        assertTrue(zen3.describe().contains("L2 512 KiB, assumed"), zen3.describe());
        // the property wins over both, and a value out of range is ignored, as the log says
        assertEquals(0, Blocking.of(512, 16, 32, unread, true, Map.of("backflow.gemm.directBytes", "0")::get,
                () -> zen5, List.of()).directBytes());
        Blocking bad = Blocking.of(512, 16, 32, unread, true, Map.of("backflow.gemm.directBytes", "-1")::get,
                () -> zen5, List.of());
        assertEquals(48 * 1024, bad.directBytes());
        assertTrue(bad.describe().contains("backflow.gemm.directBytes=-1 ignored (0 to 1048576)"), bad.describe());
        // the 4-row tile never reads in place, so a property asking it to is ignored, and the log says 0 KiB
        Blocking narrow = Blocking.of(256, 8, 16, unread, false, Map.of("backflow.gemm.directBytes", "4096")::get,
                () -> ZEN3_CPUINFO, List.of());
        assertEquals(0, narrow.directBytes());
        assertTrue(narrow.describe().contains("backflow.gemm.directBytes=4096 ignored (needs the 6-row tile)")
                && narrow.describe().contains("operands read in place up to 0 KiB"), narrow.describe());
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
