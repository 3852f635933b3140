package dev.backflow.simd;

/**
 * Every size the matmul engine uses, in one place, chosen once from the CPU: the vector width, the register file
 * and the cache sizes. A pure function of those, so one machine (and one set of JVM flags) always gets the same
 * blocking, and so the same bits: the summation order of an element depends on {@link #kc} (where the depth is
 * cut into blocks), on the vector length (the small-batch path's partial sums) and on the routing thresholds,
 * never on the thread count or the JIT.
 *
 * <p>The GEMM follows BLIS: a micro-kernel keeps an {@link #mr}×{@link #nr} tile of C in registers while it walks
 * a packed sliver of A (mr rows, {@code kc} deep) and one of B ({@code kc} deep, nr wide); the B sliver should
 * stay in L1 while the A slivers of a block pass by, the A block ({@link #mc}×kc) in L2, and the B panel
 * ({@code kc}×{@link #nc}) in L3.
 *
 * @param bits         vector width in bits
 * @param lanes        floats per vector
 * @param registers    vector registers the JIT can use (16 for AVX2 and SSE, 32 for AVX-512 and NEON)
 * @param mr           rows of the micro-kernel's tile
 * @param nv           vectors per row of the tile
 * @param kc           depth of a packed block: a B sliver, kc×nr floats, fills about half of L1
 * @param mc           rows of a packed A block: mc×kc floats fill about half of L2
 * @param nc           columns of a packed B panel: kc×nc floats, 1 MiB
 * @param smallBatchDx dX takes the unpacked dot-product path up to this many rows (m)
 * @param caches       the cache sizes these came from
 */
record Blocking(int bits, int lanes, int registers, int mr, int nv, int kc, int mc, int nc, int smallBatchDx,
                Caches caches) {

    /** The blocking of this JVM, for its preferred species. */
    static final Blocking CURRENT = of(VectorKernels.preferredBits(), VectorKernels.L, CpuFeatures.vectorRegisters(),
            Caches.CURRENT);

    /** Tile shape for 32 vector registers: 12 accumulators, 2 B vectors and a broadcast use 15 of them. */
    static final int MR_WIDE_FILE = 6;
    /**
     * Tile shape for 16 registers: 8 accumulators, 2 B vectors and a broadcast. 6×2 would also fit (15 of 16)
     * and C2 keeps it in registers, but any extra live value (a loop bound, a spilled index) then costs a vector
     * spill in the loop; 4×2 leaves room, and with 2 FMA pipes of latency 4, 8 accumulators still cover them.
     */
    static final int MR_NARROW_FILE = 4;

    /**
     * dX takes the unpacked dot-product path up to this batch: it reads W once and needs no transposing pack,
     * which costs more than it saves for small batches. Zen 4 at 512 bits, k×n = 784×256, GFLOP/s of dX alone,
     * GEMM against dot products: m = 16: 39 / 47, 32: 56 / 48, 64: 74 / 49; with k×n = 1024×1024 (where the
     * transposing pack of W costs most): m = 32: 45 / 63, 64: 55 / 60. Zen 5 (an earlier engine): m = 32, n = 1024:
     * 78 / 96; at m = 64 the GEMM won.
     */
    static final int SMALL_BATCH_DX = 32;

    /** Bytes of the B panel: the scratch each concurrent call holds is about this plus half of L2. */
    static final int PANEL_BYTES = 1 << 20;

    static Blocking of(int bits, int lanes, int registers, Caches caches) {
        int mr = registers >= 32 ? MR_WIDE_FILE : MR_NARROW_FILE;
        int nv = 2;
        int nr = nv * lanes;
        int kc = clamp(caches.l1d() / 2 / (nr * Float.BYTES), 64, 512) / 8 * 8;
        int mc = Math.max(mr, caches.l2() / 2 / (kc * Float.BYTES) / mr * mr);
        int nc = Math.max(nr, PANEL_BYTES / (kc * Float.BYTES) / nr * nr);
        return new Blocking(bits, lanes, registers, mr, nv, kc, mc, nc, SMALL_BATCH_DX, caches);
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    int nr() {
        return nv * lanes;
    }

    /** One line for the dispatcher's log and the benchmark's environment report. */
    String describe() {
        return bits + "-bit vectors, " + registers + " registers: micro-kernel " + mr + "x" + nr() + ", kc " + kc
                + ", mc " + mc + ", nc " + nc + " (L1d " + caches.l1d() / 1024 + " KiB, L2 " + caches.l2() / 1024
                + " KiB" + (caches.measured() ? "" : ", assumed") + ")";
    }
}
