package dev.backflow.simd;

import dev.backflow.BackwardKernels;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The matmul engine's tuning, in one place, chosen once per JVM: the micro-kernel's shape and the cache blocks.
 * None of it changes a single bit of the results: the summation order is the contract's (blocks of
 * {@link BackwardKernels#MATMUL_BLOCK} along the sum, see {@link Gemm}), and a cache block shallower than that
 * only pauses the sums (they wait in the tile buffer) without rounding them anywhere else. So each value may be
 * set by a system property, for tuning by measurement, and a wrong guess costs speed only.
 *
 * <p>The GEMM follows BLIS: a micro-kernel keeps an {@link #mr}×{@link #nr} tile of sums in registers while it
 * walks a packed sliver of A (mr rows) and one of B (nr columns), {@link #kc} steps deep: the B sliver should
 * stay in L1 while the A slivers of a block pass by, the A block ({@link #mc} rows) in L2, and the B panel
 * ({@link #nc} columns, one rounding block deep) in L3.
 *
 * <p>The defaults come, in this order of precedence: from a property; from a committed {@code tune} run for this
 * kind of CPU ({@link TunedDefaults}); else from the cache sizes and the register file, as below.
 *
 * @param bits          vector width in bits
 * @param lanes         floats per vector
 * @param registers     vector registers the JIT can use (16 for AVX2 and SSE, 32 for AVX-512 and NEON)
 * @param mr            rows of the micro-kernel's tile (4 or 6)
 * @param nv            vectors per row of the tile (2)
 * @param kc            steps of a cache block of the sum: a B sliver, kc×nr floats, fills about half of L1; at
 *                      most {@link BackwardKernels#MATMUL_BLOCK}
 * @param mc            rows of a packed A block (a multiple of mr); its tile buffer is mc×nc floats
 * @param nc            columns of a packed B panel (a multiple of nr)
 * @param transposePack how a transposed B (dX's Wᵀ) is packed
 * @param caches        the cache sizes the defaults came from
 * @param defaults      where the defaults came from, for the dispatcher's log: "defaults for &lt;kind&gt; (tune run
 *                      &lt;date&gt;)" or "derived from cache sizes (no tune run for &lt;kind&gt;)"
 * @param notes         the properties that set a value or were ignored, for the dispatcher's log
 */
record Blocking(int bits, int lanes, int registers, int mr, int nv, int kc, int mc, int nc,
                TransposePack transposePack, Caches caches, String defaults, String notes) {

    /** How the GEMM packs a transposed B: its columns lie a row of W apart. */
    enum TransposePack {
        /** A vector gather per step: fast where gathers are (AVX-512 cores), up to {@link Gemm#GATHER_STRIDE_LIMIT}. */
        GATHER,
        /** Scalar copies along W's rows: Zen 3's gathers were slower (0.052 ms against 0.029 at 256). */
        COPY
    }

    /** The system properties that override the defaults, each a bit-neutral setting. */
    static final String PREFIX = "backflow.gemm.";

    /** The blocking of this JVM, for its preferred species. */
    static final Blocking CURRENT = of(VectorKernels.preferredBits(), VectorKernels.L, CpuFeatures.vectorRegisters(),
            Caches.CURRENT, CpuFeatures.hasAvx512(), System::getProperty, CpuId::procCpuinfo, TunedDefaults.ROWS);

    /** Tile rows for 32 vector registers: 12 accumulators, 2 B vectors and a broadcast use 15 of them. */
    static final int MR_WIDE_FILE = 6;
    /**
     * Tile rows for 16 registers: 8 accumulators, 2 B vectors and a broadcast. 6×2 would also fit (15 of 16)
     * but C2 hoists every broadcast to the loop's top and spills an accumulator (Zen 3: 36-38 against 49-50
     * GFLOP/s); 4×2 leaves room, and with 2 FMA pipes of latency 4, 8 accumulators still cover them.
     */
    static final int MR_NARROW_FILE = 4;

    /**
     * Rows of an A block: small, because the tile buffer of a macro-kernel is mc×nc floats and should stay in L2
     * beside the A block (64×1024 floats: 256 KiB). Zen 3 at 1024³: mc 64 with the tile buffer was the setting
     * that lifted the macro-kernel from 45-59 to 73-83 GFLOP/s (../shared measurements, 2026-12-01).
     */
    static final int MC_ROWS = 64;

    /** Bytes of the B panel (one rounding block deep): the scratch each running call holds is about this. */
    static final int PANEL_BYTES = 1 << 20;

    /** The blocking for a CPU of no known kind: see the next method. */
    static Blocking of(int bits, int lanes, int registers, Caches caches, boolean fastGathers,
                       Function<String, String> properties) {
        return of(bits, lanes, registers, caches, fastGathers, properties, () -> "", List.of());
    }

    /**
     * The blocking for a CPU, with each value overridable by a property ({@code backflow.gemm.mr}, {@code kc},
     * {@code mc}, {@code nc}, {@code transposePack}); a property that is not a valid value is ignored, and the
     * notes say so (the dispatcher logs them). Without a property, a value comes from the row of tuned for this
     * CPU's kind (cpuinfo's vendor, family and model, the width and the registers), else from the caches.
     *
     * @param cpuinfo the text of /proc/cpuinfo ("" where there is none), read only here
     * @param tuned   the committed tune runs, {@link TunedDefaults#ROWS}
     */
    static Blocking of(int bits, int lanes, int registers, Caches caches, boolean fastGathers,
                       Function<String, String> properties, Supplier<String> cpuinfo, List<TunedDefaults> tuned) {
        List<String> notes = new ArrayList<>();
        int nv = 2;
        int nr = nv * lanes;
        Optional<CpuId> cpu = CpuId.parse(cpuinfo.get());
        Optional<TunedDefaults> row = TunedDefaults.find(tuned, cpu, bits, registers);
        String defaults = row.map(r -> "defaults for " + TunedDefaults.kind(cpu.get(), bits, registers)
                        + " (tune run " + r.date() + ")")
                .orElse("derived from cache sizes (no tune run for " + cpu.map(id -> TunedDefaults.kind(id, bits,
                        registers)).orElse("an unknown CPU") + ")");
        int mr = setting(properties, "mr", row.map(TunedDefaults::mr)
                        .orElse(registers >= 32 ? MR_WIDE_FILE : MR_NARROW_FILE), notes,
                v -> v == MR_NARROW_FILE || v == MR_WIDE_FILE && registers >= 32 ? null
                        : "4, or 6 with 32 vector registers");
        int kcDefault = Math.min(BackwardKernels.MATMUL_BLOCK, clamp(caches.l1d() / 2 / (nr * Float.BYTES), 64, 512))
                / 8 * 8;
        int kc = setting(properties, "kc", row.map(TunedDefaults::kc).orElse(kcDefault), notes,
                v -> v >= 8 && v <= BackwardKernels.MATMUL_BLOCK ? null : "8 to " + BackwardKernels.MATMUL_BLOCK);
        int mc = roundUp(setting(properties, "mc", row.map(TunedDefaults::mc).orElse(MC_ROWS), notes,
                v -> v >= 1 && v <= 1 << 16 ? null : "1 to 65536"), mr);
        int ncDefault = Math.max(nr, PANEL_BYTES / (BackwardKernels.MATMUL_BLOCK * Float.BYTES) / nr * nr);
        int nc = roundUp(setting(properties, "nc", row.map(TunedDefaults::nc).orElse(ncDefault), notes,
                v -> v >= 1 && v <= 1 << 16 ? null : "1 to 65536"), nr);
        TransposePack pack = row.map(TunedDefaults::transposePack)
                .orElse(fastGathers ? TransposePack.GATHER : TransposePack.COPY);
        String p = properties.apply(PREFIX + "transposePack");
        if (p != null) {
            try {
                pack = TransposePack.valueOf(p.trim().toUpperCase(java.util.Locale.ROOT));
                notes.add(PREFIX + "transposePack=" + p);
            } catch (IllegalArgumentException e) {
                notes.add(PREFIX + "transposePack=" + p + " ignored (gather or copy)");
            }
        }
        return new Blocking(bits, lanes, registers, mr, nv, kc, mc, nc, pack, caches, defaults,
                String.join(", ", notes));
    }

    private static int setting(Function<String, String> properties, String name, int fallback, List<String> notes,
                               Function<Integer, String> invalid) {
        String raw = properties.apply(PREFIX + name);
        if (raw == null) {
            return fallback;
        }
        try {
            int v = Integer.parseInt(raw.trim());
            String why = invalid.apply(v);
            if (why == null) {
                notes.add(PREFIX + name + "=" + v);
                return v;
            }
            notes.add(PREFIX + name + "=" + raw + " ignored (" + why + ")");
        } catch (NumberFormatException e) {
            notes.add(PREFIX + name + "=" + raw + " ignored (not an integer)");
        }
        return fallback;
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private static int roundUp(int v, int step) {
        return (v + step - 1) / step * step;
    }

    int nr() {
        return nv * lanes;
    }

    /** One line for the dispatcher's log and the benchmark's environment report. */
    String describe() {
        return bits + "-bit vectors, " + registers + " registers: micro-kernel " + mr + "x" + nr() + ", kc " + kc
                + ", mc " + mc + ", nc " + nc + ", transposed B by " + transposePack.name().toLowerCase(
                java.util.Locale.ROOT) + " (L1d " + caches.l1d() / 1024 + " KiB, L2 " + caches.l2() / 1024 + " KiB"
                + (caches.measured() ? "" : ", assumed") + "; " + defaults + (notes.isEmpty() ? "" : "; set: " + notes)
                + ")";
    }
}
