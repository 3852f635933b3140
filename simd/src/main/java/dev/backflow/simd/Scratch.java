package dev.backflow.simd;

/**
 * The packing buffers of one running GEMM call, lent by the {@link ScratchPool}. They grow to the largest call
 * they have served (at most one A block and one B panel of {@link Blocking}), so a small call holds little.
 */
final class Scratch {
    /** A packed block of A. */
    float[] a = new float[0];
    /** A packed panel of B. */
    float[] b = new float[0];
    /** One MR×NR tile, for tiles that stick out of C. */
    final float[] tile = new float[Gemm.MR * Gemm.NR];
    /** Gather offsets of one B sliver row when B is transposed: j * columnStride for j &lt; NR. */
    final int[] columns = new int[Gemm.NR];
    int columnStride = -1;

    /**
     * Makes room for a call; allocates only when this scratch has not yet served a call as large. If an
     * allocation fails, the buffers are as they were (both are allocated before either is replaced).
     */
    void ensure(int aFloats, int bFloats) {
        float[] newA = a.length < aFloats ? new float[aFloats] : a;
        float[] newB = b.length < bFloats ? new float[bFloats] : b;
        a = newA;
        b = newB;
    }
}
