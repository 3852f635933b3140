package dev.backflow.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Gemm#packA}'s step layout for a column-major A against its definition, with A's last value at the end of
 * its array and the packed buffer no longer than the block: the pack copies steps of the tile's rows with vectors
 * (masked where a vector is wider than the step), which must neither read nor write past either array. Both tiles
 * are checked: {@link Gemm#MR_STEPS}, the GEMM's for an A packed as steps, and {@link Gemm#MR}, whose steps the
 * in-place path packs for the 6-row tile (the two differ at 16 lanes: 8 and 6). Columns a page apart
 * ({@link Gemm#STAGE_STRIDE}) go through the stage, {@link Gemm#STAGE_STEPS} at a time, with a stage no longer
 * than the pack may use (where {@link Blocking#stepBits} is 0, at 128 bits with the 6-row tile, nothing is staged,
 * and the test checks the pass per sliver).
 */
class PackTest {

    @Test
    void aColumnMajorAIsPackedAsStepsUpToTheEndOfBothArrays() {
        SplittableRandom random = new SplittableRandom(18);
        for (int trial = 0; trial < 2_000; trial++) {
            int tile = trial % 2 == 0 ? Gemm.MR_STEPS : Gemm.MR;
            int mc = 1 + random.nextInt(3 * tile + 2);
            packAndCheck(random, mc, mc + random.nextInt(4), false, tile);
        }
    }

    @Test
    void aColumnMajorAWithColumnsAPageApartIsStagedAndPackedTheSame() {
        SplittableRandom random = new SplittableRandom(19);
        for (int trial = 0; trial < 500; trial++) {
            int tile = trial % 2 == 0 ? Gemm.MR_STEPS : Gemm.MR;
            int mc = 1 + random.nextInt(3 * tile + 2);
            packAndCheck(random, mc, Gemm.STAGE_STRIDE + random.nextInt(6), true, tile);
        }
    }

    /** Packs an mc×kb block of a column-major A, cs floats a column (kb up to 40: partial stages), and checks it. */
    private static void packAndCheck(SplittableRandom random, int mc, int cs, boolean staged, int tile) {
        int kb = 1 + random.nextInt(40);
        int base = random.nextInt(5);
        float[] a = new float[base + (kb - 1) * cs + mc + (random.nextBoolean() ? 0 : random.nextInt(9))];
        for (int i = 0; i < a.length; i++) {
            a[i] = i + 1;
        }
        int packed = (mc + tile - 1) / tile * tile * kb;
        float[] dst = new float[packed + (random.nextBoolean() ? 0 : random.nextInt(9))];
        Arrays.fill(dst, Float.NaN);
        float[] stage = staged ? new float[Gemm.STAGE_STEPS * mc + (random.nextBoolean() ? 0 : random.nextInt(9))]
                : null;
        if (staged) {
            Arrays.fill(stage, Float.NaN);
        }
        Gemm.packA(a, base, 1, cs, mc, kb, dst, false, stage, tile);
        if (staged && mc >= tile && Blocking.CURRENT.stepBits() != 0) {
            // the staged path ran: the stage starts with the first column of the last chunk of columns
            int lastChunk = (kb - 1) / Gemm.STAGE_STEPS * Gemm.STAGE_STEPS;
            assertEquals(a[base + lastChunk * cs], stage[0],
                    () -> "the stage was not used: tile " + tile + " mc " + mc + " kb " + kb + " cs " + cs);
        }
        for (int ir = 0; ir < mc; ir += tile) {
            for (int p = 0; p < kb; p++) {
                for (int i = 0; i < tile; i++) {
                    float want = ir + i < mc ? a[base + ir + i + p * cs] : 0f;
                    assertEquals(want, dst[ir * kb + p * tile + i], () -> "tile " + tile + " mc " + mc + " kb " + kb
                            + " cs " + cs + " base " + base + " a " + a.length);
                }
            }
        }
    }
}
