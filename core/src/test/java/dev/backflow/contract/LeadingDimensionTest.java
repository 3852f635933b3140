package dev.backflow.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.backflow.BackwardKernels;
import dev.backflow.Kernels;
import dev.backflow.internal.Split;
import dev.backflow.testing.Bits;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * matmulBackward and copyBackward on matrices that are parts of wider ones (leading dimensions above the row
 * length): the same bits as the dense call on packed copies, every element between the rows untouched, on one
 * thread and split over several; leading dimensions below the row length rejected. Subclasses run it on other
 * implementations.
 */
public class LeadingDimensionTest extends ContractTestCase {

    @Test
    void matmulOnPartsOfWiderMatricesGivesTheDenseBits() {
        SplittableRandom r = new SplittableRandom(42);
        int[][] shapes = {{1, 5, 7}, {3, 17, 33}, {32, 40, 64}, {33, 40, 64}, {70, 130, 300}, {5, 300, 9}, {2, 9, 1}};
        for (int[] s : shapes) {
            for (int threads : new int[] {1, 3}) {
                check(r, s[0], s[1], s[2], threads);
            }
        }
    }

    private void check(SplittableRandom r, int m, int k, int n, int threads) {
        int[] pad = {r.nextInt(1, 5), r.nextInt(1, 5), r.nextInt(1, 5), r.nextInt(1, 5), r.nextInt(1, 5)};
        int ldDY = n + pad[0], ldX = k + pad[1], ldW = n + pad[2], ldDX = k + pad[3], ldDW = n + pad[4];
        float[] dY = GemmContractTest.fill(r, 2 + m * ldDY);
        float[] x = GemmContractTest.fill(r, 2 + m * ldX);
        float[] w = GemmContractTest.fill(r, 2 + k * ldW);
        float[] dX = GemmContractTest.fill(r, 2 + m * ldDX);
        float[] dW = GemmContractTest.fill(r, 2 + k * ldDW);
        float[] pdY = pack(dY, 2, ldDY, m, n);
        float[] px = pack(x, 2, ldX, m, k);
        float[] pw = pack(w, 2, ldW, k, n);
        float[] pdX = pack(dX, 2, ldDX, m, k);
        float[] pdW = pack(dW, 2, ldDW, k, n);
        Split.overrideGrainForTests(threads == 1 ? 0 : 1);
        BackwardKernels kernels = threads == 1 ? Kernels.named(implementation())
                : Kernels.parallel(implementation(), threads);
        kernels.matmulBackward(pdY, px, pw, pdX, pdW, m, k, n);
        float[] wantX = dX.clone();
        float[] wantW = dW.clone();
        unpack(pdX, wantX, 2, ldDX, m, k);
        unpack(pdW, wantW, 2, ldDW, k, n);
        kernels.matmulBackward(dY, 2, ldDY, x, 2, ldX, w, 2, ldW, dX, 2, ldDX, dW, 2, ldDW, m, k, n);
        String what = implementation() + " m=" + m + " k=" + k + " n=" + n + " on " + threads + " thread(s)";
        Bits.assertSame(what + ", dX (want: the dense call)", wantX, dX);
        Bits.assertSame(what + ", dW (want: the dense call)", wantW, dW);
    }

    private static float[] pack(float[] a, int off, int ld, int rows, int cols) {
        float[] p = new float[rows * cols];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(a, off + i * ld, p, i * cols, cols);
        }
        return p;
    }

    private static void unpack(float[] p, float[] a, int off, int ld, int rows, int cols) {
        for (int i = 0; i < rows; i++) {
            System.arraycopy(p, i * cols, a, off + i * ld, cols);
        }
    }

    @Test
    void theBiasGradientOfRowsOfAWiderMatrixGivesTheDenseBits() {
        SplittableRandom r = new SplittableRandom(7);
        int copies = 37;
        int n = 300;
        int ld = 333;
        float[] dz = GemmContractTest.fill(r, 1 + copies * ld);
        float[] dx = GemmContractTest.fill(r, n + 2);
        float[] want = dx.clone();
        Kernels.named(implementation()).copyBackward(pack(dz, 1, ld, copies, n), 0, copies, want, 1, n);
        Kernels.named(implementation()).copyBackward(dz, 1, ld, copies, dx, 1, n);
        Bits.assertSame(implementation() + " copyBackward with ldDz (want: the dense call)", want, dx);
    }

    @Test
    void leadingDimensionsBelowTheRowLengthAreRejectedBeforeAnythingIsWritten() {
        BackwardKernels k = Kernels.named(implementation());
        float[] dY = new float[64];
        float[] x = new float[64];
        float[] w = new float[64];
        float[] dX = new float[64];
        float[] dW = new float[64];
        Arrays.fill(dX, 3f);
        float[] before = dX.clone();
        // m = 2, k = 3, n = 4
        assertThrows(IllegalArgumentException.class,
                () -> k.matmulBackward(dY, 0, 3, x, 0, 3, w, 0, 4, dX, 0, 3, dW, 0, 4, 2, 3, 4), "ldDY < n");
        assertThrows(IllegalArgumentException.class,
                () -> k.matmulBackward(dY, 0, 4, x, 0, 2, w, 0, 4, dX, 0, 3, dW, 0, 4, 2, 3, 4), "ldX < k");
        assertThrows(IllegalArgumentException.class,
                () -> k.matmulBackward(dY, 0, 4, x, 0, 3, w, 0, 3, dX, 0, 3, dW, 0, 4, 2, 3, 4), "ldW < n");
        assertThrows(IllegalArgumentException.class,
                () -> k.matmulBackward(dY, 0, 4, x, 0, 3, w, 0, 4, dX, 0, 2, dW, 0, 4, 2, 3, 4), "ldDX < k");
        assertThrows(IllegalArgumentException.class,
                () -> k.matmulBackward(dY, 0, 4, x, 0, 3, w, 0, 4, dX, 0, 3, dW, 0, 3, 2, 3, 4), "ldDW < n");
        assertThrows(IndexOutOfBoundsException.class,
                () -> k.matmulBackward(dY, 0, 61, x, 0, 3, w, 0, 4, dX, 0, 3, dW, 0, 4, 2, 3, 4),
                "dY's extent, 65, past its end");
        assertThrows(IllegalArgumentException.class,
                () -> k.matmulBackward(dY, 0, 4, x, 0, 3, w, 0, 4, dX, 0, 10, dX, 3, 10, 2, 3, 4),
                "dX and dW interleaved in one array");
        assertThrows(IllegalArgumentException.class, () -> k.copyBackward(dY, 0, 3, 2, dX, 0, 4), "ldDz < n");
        assertArrayEquals(before, dX);
    }
}
