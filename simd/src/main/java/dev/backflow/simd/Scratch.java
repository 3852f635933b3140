package dev.backflow.simd;

import dev.backflow.BackwardKernels;

/**
 * The buffers of one running matmul call, lent by the {@link ScratchPool}. They grow to the largest call they
 * have served (at most one A block, one B panel and one tile buffer of {@link Blocking}, or op(A)'s rows for
 * sgemm's dot order with A transposed, at most {@link MatmulEngine#DOT_COPY_FLOATS}), so a small call holds
 * little.
 */
final class Scratch {
    /** A packed block of A (or op(A)'s rows, see {@code MatmulEngine.dotGemm}). */
    float[] a = new float[0];
    /** A packed panel of B. */
    float[] b = new float[0];
    /**
     * The tile buffer: the sums of one macro-kernel, before they are added to C; between macro-kernels, the stage
     * of a column-major A's pack ({@code Gemm.packA}).
     */
    float[] t = new float[0];
    /**
     * The dot order's partial sums of up to 24 outputs (one {@code SmallMatmul.dot4x6} block), 16 each, combined
     * here by the contract's tree eight outputs at a time.
     */
    final float[] partials = new float[24 * BackwardKernels.MATMUL_PARTIALS];
    /** Gather offsets of one B sliver row when B is transposed: j * columnStride for j &lt; NR. */
    final int[] columns = new int[Gemm.NR];
    int columnStride = -1;
    /** The half-transposed block of {@link Transpose#block}. */
    final float[] transposed = new float[VectorKernels.LANES * VectorKernels.LANES];
    /** A block of T transposed, on its way to a C stored transposed ({@link Gemm#addTransposed}). */
    final float[] block = new float[VectorKernels.LANES * VectorKernels.LANES];

    /**
     * Makes room for a call; allocates only when this scratch has not yet served a call as large. If an
     * allocation fails, the buffers are as they were (all are allocated before any is replaced).
     */
    void ensure(int aFloats, int bFloats, int tFloats) {
        float[] newA = a.length < aFloats ? new float[aFloats] : a;
        float[] newB = b.length < bFloats ? new float[bFloats] : b;
        float[] newT = t.length < tFloats ? new float[tFloats] : t;
        a = newA;
        b = newB;
        t = newT;
    }
}
