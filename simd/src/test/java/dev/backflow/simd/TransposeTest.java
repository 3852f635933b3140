package dev.backflow.simd;

import static dev.backflow.simd.VectorKernels.LANES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** {@link Transpose#block} against its definition, at the ends of both arrays and with strides past the block. */
class TransposeTest {

    @Test
    void aBlockIsTransposed() {
        assumeTrue(Transpose.SUPPORTED, "8 or 16 lanes");
        for (int sStride : new int[] {LANES, LANES + 3, 5 * LANES}) {
            for (int dStride : new int[] {LANES, 2 * LANES}) {
                int sOff = 3, dOff = 1;
                float[] src = new float[sOff + (LANES - 1) * sStride + LANES];
                for (int i = 0; i < src.length; i++) {
                    src[i] = i + 0.5f;
                }
                float[] dst = new float[dOff + (LANES - 1) * dStride + LANES];
                Arrays.fill(dst, Float.NaN);
                Transpose.block(src, sOff, sStride, dst, dOff, dStride, new float[LANES * LANES]);
                for (int p = 0; p < LANES; p++) {
                    for (int j = 0; j < LANES; j++) {
                        assertEquals(src[sOff + j * sStride + p], dst[dOff + p * dStride + j],
                                "row " + j + ", lane " + p + ", strides " + sStride + " " + dStride);
                    }
                }
            }
        }
    }
}
