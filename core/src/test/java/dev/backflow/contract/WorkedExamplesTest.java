package dev.backflow.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backflow.BackwardKernels;
import dev.backflow.Kernels;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed examples of every gate, checked exactly, and a small graph run forward and backward by hand.
 * Subclasses run the same examples against other implementations.
 */
public class WorkedExamplesTest {

    protected BackwardKernels kernels() {
        return Kernels.scalar();
    }

    @Test
    void addDistributesTheGradientAndAccumulates() {
        float[] dz = {1.5f, -2f, 0.25f};
        float[] dx = {1f, 1f, 1f};
        float[] dy = {0f, 10f, -0.25f};
        kernels().addBackward(dz, dx, dy);
        assertArrayEquals(new float[] {2.5f, -1f, 1.25f}, dx);
        assertArrayEquals(new float[] {1.5f, 8f, 0f}, dy);
    }

    @Test
    void mulSwitchesTheInputs() {
        float[] dz = {2f, 3f};
        float[] x = {5f, -1f};
        float[] y = {7f, 0.5f};
        float[] dx = {1f, 0f};
        float[] dy = {0f, 1f};
        kernels().mulBackward(dz, x, y, dx, dy);
        assertArrayEquals(new float[] {1f + 2f * 7f, 3f * 0.5f}, dx);
        assertArrayEquals(new float[] {2f * 5f, 1f + 3f * -1f}, dy);
    }

    @Test
    void maxRoutesToTheLargerSplitsTiesAndSendsNaNBothWays() {
        float[] dz = {4f, 4f, 4f, 4f, 4f};
        float[] x = {3f, 1f, 2f, -0f, Float.NaN};
        float[] y = {1f, 3f, 2f, 0f, 1f};
        float[] dx = {-0f, -0f, 0f, 0f, 0f};
        float[] dy = {-0f, -0f, 0f, 0f, 0f};
        kernels().maxBackward(dz, x, y, dx, dy);
        assertArrayEquals(new float[] {4f, -0f, 2f, 2f, 4f}, dx);
        assertArrayEquals(new float[] {-0f, 4f, 2f, 2f, 4f}, dy);
        // -0f stays -0f where nothing is routed: untouched, not "+= 0"
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(dx[1]));
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(dy[0]));
    }

    @Test
    void reluPassesOnlyWherePositiveAndLeavesTheRestUntouched() {
        float[] dz = {1f, 2f, 3f, 4f, 5f};
        float[] x = {0.5f, 0f, -0f, -1f, Float.NaN};
        float[] dx = {10f, -0f, -0f, -0f, -0f};
        kernels().reluBackward(dz, x, dx);
        assertArrayEquals(new float[] {11f, -0f, -0f, -0f, -0f}, dx);
        for (int i = 1; i < 5; i++) {
            assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(dx[i]), "dx[" + i + "] touched");
        }
    }

    @Test
    void copySumsTheCopiesInOrder() {
        float[] dz = {1f, 2f, 3f, 10f, 20f, 30f}; // two copies of a length-3 vector
        float[] dx = {0.5f, 0.5f, 0.5f};
        kernels().copyBackward(dz, 2, dx);
        assertArrayEquals(new float[] {11.5f, 22.5f, 33.5f}, dx);
        // order matters in float: 1e8 + 1 - 1e8 is 0 in this order, 1 in another
        float[] cancel = {1e8f, 1f, -1e8f};
        float[] out = {0f};
        kernels().copyBackward(cancel, 3, out);
        assertEquals(0f, out[0]);
    }

    @Test
    void sigmoidMultipliesBySTimesOneMinusS() {
        float[] dz = {1f, 2f, -4f};
        float[] s = {0.5f, 0.25f, 1f};
        float[] dx = {0f, 1f, 0f};
        kernels().sigmoidBackward(dz, s, dx);
        assertArrayEquals(new float[] {0.25f, 1f + 2f * 0.75f * 0.25f, 0f}, dx);
    }

    @Test
    void matmulGivesDxAndDwByHand() {
        // X (2x3), W (3x2), dY (2x2)
        float[] x = {1, 2, 3, 4, 5, 6};
        float[] w = {1, -1, 0, 2, 3, 1};
        float[] dY = {1, 0, 2, -1};
        float[] dX = new float[6];
        float[] dW = {1, 1, 1, 1, 1, 1};
        kernels().matmulBackward(dY, x, w, dX, dW, 2, 3, 2);
        // dX = dY·Wᵀ: row0 = [1*1+0*-1, 1*0+0*2, 1*3+0*1] ; row1 = [2*1+-1*-1, 2*0+-1*2, 2*3+-1*1]
        assertArrayEquals(new float[] {1, 0, 3, 3, -2, 5}, dX);
        // dW = 1 + Xᵀ·dY: [1*1+4*2, 1*0+4*-1; 2*1+5*2, 2*0+5*-1; 3*1+6*2, 3*0+6*-1]
        assertArrayEquals(new float[] {10, -3, 13, -4, 16, -5}, dW);
    }

    /**
     * A small graph, forward and backward by hand: a = x*y, b = a + x (x fans out to two uses), c = relu(b),
     * d = max(c, y), loss = Σ d. The gradients of x and y are accumulated over every path.
     */
    @Test
    void chainOfGatesMatchesTheHandComputedGradient() {
        float[] x = {2f, -3f};
        float[] y = {1.5f, 4f};
        // forward: a = [3, -12]; b = [5, -15]; c = [5, 0]; d = max(c, y) = [5, 4]
        float[] a = {3f, -12f};
        float[] b = {5f, -15f};
        float[] c = {5f, 0f};
        float[] dd = {1f, 1f};
        float[] dc = new float[2];
        float[] dy = new float[2];
        BackwardKernels k = kernels();
        k.maxBackward(dd, c, y, dc, dy);          // dc = [1, 0], dy = [0, 1]
        float[] db = new float[2];
        k.reluBackward(dc, b, db);                // db = [1, 0]
        float[] da = new float[2];
        float[] dxCopies = new float[4];          // the two uses of x: b's input and a's input
        k.addBackward(db, 0, da, 0, dxCopies, 0, 2); // da = [1, 0], dxCopies[0..2) = [1, 0]
        k.mulBackward(da, 0, x, 0, y, 0, dxCopies, 2, dy, 0, 2); // dx(via a) = da*y = [1.5, 0]; dy += da*x = [2, 1]
        float[] dx = new float[2];
        k.copyBackward(dxCopies, 2, dx);          // fan-in: dx = [1 + 1.5, 0 + 0]
        assertArrayEquals(new float[] {2.5f, 0f}, dx);
        assertArrayEquals(new float[] {2f, 1f}, dy);
        assertArrayEquals(new float[] {3f, -12f}, a); // inputs untouched
    }
}
