package dev.backflow.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backflow.BackwardKernels;
import dev.backflow.Kernels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rule of the contract besides the formulas: argument errors (type, message naming the argument, every
 * buffer unchanged), the overlap rules and the dx == dy case, zero sizes. Subclasses run it on other
 * implementations.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public class ContractRulesTest {

    protected BackwardKernels kernels() {
        return Kernels.scalar();
    }

    /** Eight arrays of distinct contents, so that a write anywhere shows. */
    static final class Buffers {
        final float[][] a = new float[8][];

        Buffers() {
            for (int i = 0; i < a.length; i++) {
                a[i] = new float[32];
                for (int j = 0; j < 32; j++) {
                    a[i][j] = i * 100 + j + 0.5f;
                }
            }
        }

        float[][] snapshot() {
            return Arrays.stream(a).map(float[]::clone).toArray(float[][]::new);
        }
    }

    /** A bad call, what it must throw, and a word its message must contain. */
    record Bad(String label, Class<? extends RuntimeException> type, String mentions,
               Consumer<Buffers> call) {
        @Override
        public String toString() {
            return label;
        }
    }

    static Bad bad(String label, Class<? extends RuntimeException> type, String mentions, Consumer<Buffers> call) {
        return new Bad(label, type, mentions, call);
    }

    static Stream<Bad> badCalls(BackwardKernels k) {
        List<Bad> list = new ArrayList<>();
        Class<NullPointerException> npe = NullPointerException.class;
        Class<IllegalArgumentException> iae = IllegalArgumentException.class;
        Class<IndexOutOfBoundsException> ioobe = IndexOutOfBoundsException.class;
        // add
        list.add(bad("add null dz", npe, "dz", b -> k.addBackward(null, 0, b.a[1], 0, b.a[2], 0, 4)));
        list.add(bad("add null dy", npe, "dy", b -> k.addBackward(b.a[0], 0, b.a[1], 0, null, 0, 4)));
        list.add(bad("add negative n", iae, "n", b -> k.addBackward(b.a[0], 0, b.a[1], 0, b.a[2], 0, -1)));
        list.add(bad("add dz past end", ioobe, "dz", b -> k.addBackward(b.a[0], 30, b.a[1], 0, b.a[2], 0, 4)));
        list.add(bad("add negative offset", ioobe, "dx", b -> k.addBackward(b.a[0], 0, b.a[1], -1, b.a[2], 0, 4)));
        list.add(bad("add dy past end", ioobe, "dy", b -> k.addBackward(b.a[0], 0, b.a[1], 0, b.a[2], 29, 4)));
        list.add(bad("add huge offset", ioobe, "dx",
                b -> k.addBackward(b.a[0], 0, b.a[1], Integer.MAX_VALUE, b.a[2], 0, 4)));
        list.add(bad("add dx overlaps dz", iae, "dz", b -> k.addBackward(b.a[0], 0, b.a[0], 3, b.a[2], 0, 4)));
        list.add(bad("add dx partially overlaps dy", iae, "dy",
                b -> k.addBackward(b.a[0], 0, b.a[1], 0, b.a[1], 2, 4)));
        list.add(bad("add whole arrays, mismatch", iae, "dy",
                b -> k.addBackward(b.a[0], b.a[1], new float[31])));
        list.add(bad("add whole arrays, null", npe, "dx", b -> k.addBackward(b.a[0], null, b.a[2])));
        // mul and max share their checks but each is called
        for (String gate : List.of("mul", "max")) {
            Binary f = gate.equals("mul") ? k::mulBackward : k::maxBackward;
            Binary5 whole = gate.equals("mul") ? k::mulBackward : k::maxBackward;
            list.add(bad(gate + " null x", npe, "x",
                    b -> f.call(b.a[0], 0, null, 0, b.a[2], 0, b.a[3], 0, b.a[4], 0, 4)));
            list.add(bad(gate + " null dx", npe, "dx",
                    b -> f.call(b.a[0], 0, b.a[1], 0, b.a[2], 0, null, 0, b.a[4], 0, 4)));
            list.add(bad(gate + " y past end", ioobe, "y",
                    b -> f.call(b.a[0], 0, b.a[1], 0, b.a[2], 30, b.a[3], 0, b.a[4], 0, 4)));
            list.add(bad(gate + " dy overlaps x", iae, "x",
                    b -> f.call(b.a[0], 0, b.a[1], 0, b.a[2], 0, b.a[3], 0, b.a[1], 3, 4)));
            list.add(bad(gate + " dx overlaps y", iae, "y",
                    b -> f.call(b.a[0], 0, b.a[1], 0, b.a[2], 0, b.a[2], 1, b.a[4], 0, 4)));
            list.add(bad(gate + " dx overlaps dz", iae, "dz",
                    b -> f.call(b.a[0], 0, b.a[1], 0, b.a[2], 0, b.a[0], 0, b.a[4], 0, 4)));
            list.add(bad(gate + " partial output overlap", iae, "dy",
                    b -> f.call(b.a[0], 0, b.a[1], 0, b.a[2], 0, b.a[3], 0, b.a[3], 1, 4)));
            list.add(bad(gate + " negative n", iae, "n",
                    b -> f.call(b.a[0], 0, b.a[1], 0, b.a[2], 0, b.a[3], 0, b.a[4], 0, -5)));
            list.add(bad(gate + " whole arrays, mismatch", iae, "x",
                    b -> whole.call(b.a[0], new float[3], b.a[2], b.a[3], b.a[4])));
        }
        // relu and sigmoid
        list.add(bad("relu null x", npe, "x", b -> k.reluBackward(b.a[0], 0, null, 0, b.a[2], 0, 4)));
        list.add(bad("relu x past end", ioobe, "x", b -> k.reluBackward(b.a[0], 0, b.a[1], 29, b.a[2], 0, 4)));
        list.add(bad("relu dx overlaps x", iae, "x", b -> k.reluBackward(b.a[0], 0, b.a[1], 0, b.a[1], 3, 4)));
        list.add(bad("relu whole arrays, mismatch", iae, "dx", b -> k.reluBackward(b.a[0], b.a[1], new float[2])));
        list.add(bad("sigmoid null s", npe, "s", b -> k.sigmoidBackward(b.a[0], 0, null, 0, b.a[2], 0, 4)));
        list.add(bad("sigmoid negative n", iae, "n", b -> k.sigmoidBackward(b.a[0], 0, b.a[1], 0, b.a[2], 0, -1)));
        list.add(bad("sigmoid dx overlaps dz", iae, "dz", b -> k.sigmoidBackward(b.a[0], 4, b.a[1], 0, b.a[0], 7, 4)));
        list.add(bad("sigmoid whole arrays, mismatch", iae, "s", b -> k.sigmoidBackward(b.a[0], new float[1], b.a[2])));
        // copy
        list.add(bad("copy null dz", npe, "dz", b -> k.copyBackward(null, 0, 2, b.a[1], 0, 4)));
        list.add(bad("copy negative copies", iae, "copies", b -> k.copyBackward(b.a[0], 0, -1, b.a[1], 0, 4)));
        list.add(bad("copy block past end", ioobe, "dz", b -> k.copyBackward(b.a[0], 0, 9, b.a[1], 0, 4)));
        list.add(bad("copy copies*n overflows", iae, "copies * n",
                b -> k.copyBackward(b.a[0], 0, 1 << 16, b.a[1], 0, 1 << 16)));
        list.add(bad("copy dx inside dz block", iae, "dz", b -> k.copyBackward(b.a[0], 0, 4, b.a[0], 12, 4)));
        list.add(bad("copy whole arrays, mismatch", iae, "dz", b -> k.copyBackward(b.a[0], 3, b.a[1])));
        // matmul: m=2, k=3, n=4 fits in 32
        list.add(bad("matmul null dY", npe, "dY",
                b -> k.matmulBackward(null, 0, b.a[1], 0, b.a[2], 0, b.a[3], 0, b.a[4], 0, 2, 3, 4)));
        list.add(bad("matmul null w with dX", npe, "w",
                b -> k.matmulBackward(b.a[0], 0, b.a[1], 0, null, 0, b.a[3], 0, b.a[4], 0, 2, 3, 4)));
        list.add(bad("matmul null x with dW", npe, "x",
                b -> k.matmulBackward(b.a[0], 0, null, 0, b.a[2], 0, b.a[3], 0, b.a[4], 0, 2, 3, 4)));
        list.add(bad("matmul negative k", iae, "k",
                b -> k.matmulBackward(b.a[0], 0, b.a[1], 0, b.a[2], 0, b.a[3], 0, b.a[4], 0, 2, -3, 4)));
        list.add(bad("matmul m*k overflows", iae, "m * k",
                b -> k.matmulBackward(b.a[0], 0, b.a[1], 0, b.a[2], 0, b.a[3], 0, b.a[4], 0, 1 << 20, 1 << 12, 0)));
        list.add(bad("matmul k*n overflows", iae, "k * n",
                b -> k.matmulBackward(b.a[0], 0, b.a[1], 0, b.a[2], 0, b.a[3], 0, b.a[4], 0, 0, 1 << 16, 1 << 16)));
        list.add(bad("matmul m*n overflows", iae, "m * n",
                b -> k.matmulBackward(b.a[0], 0, b.a[1], 0, b.a[2], 0, b.a[3], 0, b.a[4], 0, 1 << 16, 0, 1 << 16)));
        list.add(bad("matmul dW past end", ioobe, "dW",
                b -> k.matmulBackward(b.a[0], 0, b.a[1], 0, b.a[2], 0, b.a[3], 0, b.a[4], 21, 2, 3, 4)));
        list.add(bad("matmul dX overlaps x", iae, "x",
                b -> k.matmulBackward(b.a[0], 0, b.a[1], 0, b.a[2], 0, b.a[1], 5, b.a[4], 0, 2, 3, 4)));
        list.add(bad("matmul dW overlaps dY", iae, "dY",
                b -> k.matmulBackward(b.a[0], 0, b.a[1], 0, b.a[2], 0, b.a[3], 0, b.a[0], 7, 2, 3, 4)));
        list.add(bad("matmul dX partially overlaps dW", iae, "dW",
                b -> k.matmulBackward(b.a[0], 0, b.a[1], 0, b.a[2], 0, b.a[3], 0, b.a[3], 2, 2, 3, 4)));
        list.add(bad("matmul whole arrays, dY length", iae, "dY",
                b -> k.matmulBackward(new float[7], b.a[1], b.a[2], b.a[3], b.a[4], 2, 3, 4)));
        return list.stream();
    }

    interface Binary {
        void call(float[] dz, int dzOff, float[] x, int xOff, float[] y, int yOff,
                  float[] dx, int dxOff, float[] dy, int dyOff, int n);
    }

    interface Binary5 {
        void call(float[] dz, float[] x, float[] y, float[] dx, float[] dy);
    }

    Stream<Arguments> badCallsOfThisImplementation() {
        return badCalls(kernels()).map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCallsOfThisImplementation")
    void badArgumentsThrowBeforeAnythingIsWritten(Bad bad) {
        Buffers buffers = new Buffers();
        float[][] before = buffers.snapshot();
        RuntimeException e = assertThrows(bad.type(), () -> bad.call().accept(buffers));
        assertTrue(e.getMessage() != null && e.getMessage().contains(bad.mentions()),
                () -> "message should name '" + bad.mentions() + "': " + e.getMessage());
        for (int i = 0; i < before.length; i++) {
            assertArrayEquals(before[i], buffers.a[i], "buffer " + i + " was written");
        }
    }

    @Test
    void dxAndDyMayBeTheSameRegion() {
        BackwardKernels k = kernels();
        float[] dz = {1f, 2f, 3f};
        float[] x = {2f, 2f, -1f};
        float[] g = {10f, 10f, 10f};
        k.addBackward(dz, 0, g, 0, g, 0, 3); // z = x + x: dz twice
        assertArrayEquals(new float[] {12f, 14f, 16f}, g);
        k.mulBackward(dz, 0, x, 0, x, 0, g, 0, g, 0, 3); // z = x * x: 2 dz x
        assertArrayEquals(new float[] {16f, 22f, 10f}, g);
        k.maxBackward(dz, 0, x, 0, x, 0, g, 0, g, 0, 3); // z = max(x, x): a tie, half each, i.e. dz
        assertArrayEquals(new float[] {17f, 24f, 13f}, g);
        float[] dY = {1, 2, 3, 4}; // m = k = n = 2, dX and dW in the same place: dX first, then dW
        float[] xw = {1, 0, 0, 1};
        float[] out = new float[4];
        k.matmulBackward(dY, 0, xw, 0, xw, 0, out, 0, out, 0, 2, 2, 2);
        assertArrayEquals(new float[] {2, 4, 6, 8}, out);
    }

    @Test
    void inputsMayOverlapOneAnother() {
        float[] shared = {1f, 2f, 3f, 4f};
        float[] dx = new float[3];
        float[] dy = new float[3];
        kernels().mulBackward(shared, 0, shared, 1, shared, 0, dx, 0, dy, 0, 3);
        assertArrayEquals(new float[] {1f * 1f, 2f * 2f, 3f * 3f}, dx);
        assertArrayEquals(new float[] {1f * 2f, 2f * 3f, 3f * 4f}, dy);
    }

    @Test
    void zeroSizesAreNoOpsEvenAtTheEndOfAnArray() {
        BackwardKernels k = kernels();
        Buffers b = new Buffers();
        float[][] before = b.snapshot();
        k.addBackward(b.a[0], 32, b.a[1], 32, b.a[2], 32, 0);
        k.mulBackward(b.a[0], 0, b.a[1], 0, b.a[2], 0, b.a[3], 0, b.a[4], 0, 0);
        k.maxBackward(b.a[0], 0, b.a[1], 0, b.a[2], 0, b.a[3], 0, b.a[4], 0, 0);
        k.reluBackward(b.a[0], 0, b.a[1], 0, b.a[2], 32, 0);
        k.sigmoidBackward(b.a[0], 0, b.a[1], 0, b.a[2], 0, 0);
        k.copyBackward(b.a[0], 0, 0, b.a[1], 0, 8);
        k.copyBackward(b.a[0], 0, 5, b.a[1], 0, 0);
        k.matmulBackward(b.a[0], 0, b.a[1], 0, b.a[2], 0, b.a[3], 0, b.a[4], 0, 4, 4, 0);
        k.matmulBackward(b.a[0], 0, b.a[1], 0, b.a[2], 0, b.a[3], 0, b.a[4], 0, 0, 4, 4);
        k.matmulBackward(b.a[0], 0, null, 0, null, 0, null, 0, null, 0, 2, 2, 2);
        k.addBackward(new float[0], new float[0], new float[0]);
        for (int i = 0; i < before.length; i++) {
            assertArrayEquals(before[i], b.a[i]);
        }
    }

    @Test
    void aNullOutputSkipsThatProduct() {
        float[] dY = {1, 2};   // m = 1, k = 1, n = 2
        float[] x = {3};
        float[] w = {5, 7};
        float[] dX = {0};
        float[] dW = {0, 0};
        kernels().matmulBackward(dY, 0, x, 0, null, 0, null, 0, dW, 0, 1, 1, 2);
        assertArrayEquals(new float[] {3, 6}, dW);
        kernels().matmulBackward(dY, 0, null, 0, w, 0, dX, 0, null, 0, 1, 1, 2);
        assertArrayEquals(new float[] {19}, dX);
    }

    @Test
    void specialValuesFollowIeeeArithmeticWithoutFlushing() {
        float sub = Float.MIN_VALUE; // the smallest subnormal
        float inf = Float.POSITIVE_INFINITY;
        float[] dz = {sub, inf, 1f, -0f};
        float[] dx = {sub, -inf, -0f, -0f};
        float[] dy = {0f, 1f, -0f, 0f};
        kernels().addBackward(dz, dx, dy);
        assertEquals(2 * sub, dx[0]);
        assertTrue(Float.isNaN(dx[1])); // inf + -inf
        assertEquals(1f, dx[2]);
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(dx[3])); // -0 + -0 = -0
        assertEquals(Float.floatToRawIntBits(0f), Float.floatToRawIntBits(dy[3]));  // 0 + -0 = +0
        float[] s = {0.5f, Float.NaN};
        float[] g = {sub * 8, 1f};
        float[] out = new float[2];
        kernels().sigmoidBackward(g, s, out);
        assertEquals(sub * 8 * 0.5f * 0.5f, out[0]); // subnormal stays subnormal, exactly 2 * MIN_VALUE
        assertEquals(2 * sub, out[0]);
        assertTrue(Float.isNaN(out[1]));
    }
}
