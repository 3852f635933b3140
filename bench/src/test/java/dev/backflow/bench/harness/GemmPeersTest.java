package dev.backflow.bench.harness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backflow.bench.jmh.GemmBench;
import dev.backflow.bench.jmh.MatmulBase;
import dev.backflow.bench.paired.PairedRunner;
import dev.ludovic.netlib.blas.JavaBLAS;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Every peer's forward GEMM, in every transpose combination, against Backflow's scalar sgemm: the argument
 * mapping of each peer (BLAS's column-major swap, EJML's four products) is what these catch. OpenBLAS takes the
 * same {@link MatmulPeer.Blas} mapping as VectorBLAS, through netlib-java's other binding.
 */
class GemmPeersTest {

    static final List<int[]> SHAPES = List.of(new int[] {7, 5, 3}, new int[] {33, 70, 17}, new int[] {1, 9, 40});

    @Test
    void everyPeerAgreesWithTheScalarKernelsOnEveryOp() {
        for (String impl : List.of("scalar", "vector", "ejml", "netlib-vector")) {
            for (String op : MatmulPeer.GemmProblem.OPS) {
                for (int[] d : SHAPES) {
                    MatmulPeer.GemmProblem g = MatmulPeer.GemmProblem.random(d[0], d[1], d[2], op,
                            new SplittableRandom(d[0] + 31L * d[1]));
                    GemmBench.check(impl + " " + op, MatmulPeer.of(impl, 1), g);
                }
            }
        }
        GemmBench.check("vector on 2 threads", MatmulPeer.of("vector", 2),
                MatmulPeer.GemmProblem.random(40, 33, 70, "TN", new SplittableRandom(3)));
    }

    /** A BLAS mapping that passes A before B (as column-major callers do) computes something else. */
    @Test
    void aWrongMappingFailsTheCheck() {
        MatmulPeer.Blas right = new MatmulPeer.Blas(JavaBLAS.getInstance());
        MatmulPeer wrong = GemmOnlyPeer.of(g -> right.blas().sgemm(g.transA() ? "T" : "N", g.transB() ? "T" : "N",
                g.m(), g.n(), g.k(), 1f, g.a(), g.lda(), g.b(), g.ldb(), 1f, g.c(), g.n()));
        MatmulPeer.GemmProblem g = MatmulPeer.GemmProblem.random(6, 6, 6, "NT", new SplittableRandom(5));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> GemmBench.check("wrong", wrong, g));
        assertTrue(e.getMessage().startsWith("wrong: element "), e.getMessage());
    }

    /**
     * The strided form gives the dense form's bits (the contract's order depends on m, k, n only), on the first
     * call with a problem; later calls with it leave the problem's outputs alone and accumulate in its copies.
     */
    @Test
    void theStridedPeerGivesTheDenseBits() {
        MatmulPeer dense = MatmulPeer.of("vector", 1);
        StridedPeer strided = new StridedPeer(Verify.kernels("vector", 1));
        for (String op : MatmulPeer.GemmProblem.OPS) {
            MatmulPeer.GemmProblem g = MatmulPeer.GemmProblem.random(37, 300, 29, op, new SplittableRandom(7));
            MatmulPeer.GemmProblem want = g.withOwnC();
            dense.gemm(want);
            MatmulPeer.GemmProblem got = g.withOwnC();
            strided.gemm(got);
            assertArrayEquals(want.c(), got.c(), op);
            float[] after = got.c().clone();
            strided.gemm(got);
            assertArrayEquals(after, got.c(), op + ": a second call writes the copies only");
        }
        PairedRunner.Reference ref = PairedRunner.reference("33x70x17");
        for (boolean[] p : new boolean[][] {{true, true}, {true, false}, {false, true}}) {
            MatmulPeer.Problem want = MatmulBase.copy(ref.start());
            dense.run(want, p[0], p[1]);
            MatmulPeer.Problem got = MatmulBase.copy(ref.start());
            strided.run(got, p[0], p[1]);
            assertArrayEquals(want.dX(), got.dX());
            assertArrayEquals(want.dW(), got.dW());
        }
    }

    /** Operands at offsets (paired's --offsets swept): each peer that takes them reads and writes there only. */
    @Test
    void thePeersThatTakeOffsetsComputeThere() {
        for (String impl : List.of("scalar", "vector", "netlib-vector", "vector-ld")) {
            MatmulPeer peer = MatmulPeer.of(impl, 1);
            for (String op : MatmulPeer.GemmProblem.OPS) {
                MatmulPeer.GemmProblem g = MatmulPeer.GemmProblem.random(33, 70, 17, op, new SplittableRandom(7));
                MatmulPeer.GemmProblem want = g.withOwnC();
                peer.gemm(want);
                MatmulPeer.GemmProblem at = new MatmulPeer.GemmProblem(g.m(), g.k(), g.n(), g.transA(), g.transB(),
                        shifted(g.a(), 3), shifted(g.b(), 6), shifted(g.c(), 9), 3, 6, 9);
                peer.gemm(at);
                Verify.close(impl + " " + op + " at offsets", want.c(), unshifted(at.c(), 9, g.c().length), 71, 71);
            }
            PairedRunner.Reference ref = PairedRunner.reference("33x70x17");
            MatmulPeer.Problem s = ref.start();
            MatmulPeer.Problem want = MatmulBase.copy(s);
            peer.run(want, true, true);
            MatmulPeer.Problem at = new MatmulPeer.Problem(s.m(), s.k(), s.n(), shifted(s.dY(), 1), shifted(s.x(), 2),
                    shifted(s.w(), 3), shifted(s.dX(), 4), shifted(s.dW(), 5), 1, 2, 3, 4, 5);
            peer.run(at, true, true);
            Verify.close(impl + " dX at offsets", want.dX(), unshifted(at.dX(), 4, s.dX().length), 18, 18);
            Verify.close(impl + " dW at offsets", want.dW(), unshifted(at.dW(), 5, s.dW().length), 34, 34);
        }
    }

    /** The values at offset off of an array off + 8 floats longer, NaN around them. */
    private static float[] shifted(float[] values, int off) {
        float[] a = new float[values.length + off + 8];
        java.util.Arrays.fill(a, Float.NaN);
        System.arraycopy(values, 0, a, off, values.length);
        return a;
    }

    /** The length values at offset off, after checking that every float around them is still NaN. */
    private static float[] unshifted(float[] a, int off, int length) {
        for (int j = 0; j < a.length; j++) {
            assertTrue(j >= off && j < off + length || Float.isNaN(a[j]), "index " + j + " written");
        }
        return java.util.Arrays.copyOfRange(a, off, off + length);
    }

    @Test
    void anUnknownOpIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> MatmulPeer.GemmProblem.random(2, 2, 2, "NX", new SplittableRandom(1)));
    }
}
