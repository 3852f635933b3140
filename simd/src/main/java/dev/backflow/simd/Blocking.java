package dev.backflow.simd;

import dev.backflow.BackwardKernels;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The matmul engine's tuning table, as BLIS's context ({@code bli_cntx_init_haswell.c}) is BLIS's: every block
 * size, threshold, grain and route the vector engine uses that the contract does not fix, chosen once per JVM.
 * The dispatcher's log line is {@link #describe()}. None of it changes a single bit of the results: the
 * summation order is the contract's (blocks of {@link BackwardKernels#MATMUL_BLOCK} along the sum, see
 * {@link Gemm}), a cache block shallower than that only pauses the sums (they wait in the tile buffer) without
 * rounding them anywhere else, and a split or a route picks who computes an element, never how. So a wrong
 * value costs speed only. What the contract fixes is not here: the rounding block, dX's dot-order batch
 * ({@link BackwardKernels#MATMUL_DOT_BATCH}) and its partial sums. The measurements behind each value are in
 * docs/tuning.md.
 *
 * <p>The GEMM follows BLIS: a micro-kernel keeps an {@link #mr}×{@link #nr} tile of sums in registers while it
 * walks a packed sliver of A (mr rows) and one of B (nr columns), {@link #kc} steps deep: the B sliver should
 * stay in L1 while the A slivers of a block pass by, the A block ({@link #mc} rows) in L2, and the B panel
 * ({@link #nc} columns, one rounding block deep) in L3.
 *
 * <p>The tuned values (mr, kc, mc, nc, transposePack) come, in this order of precedence: from a
 * {@code backflow.gemm.*} property; from a committed {@code tune} run for this kind of CPU
 * ({@link TunedDefaults}); else from the cache sizes (sysfs's, else those {@link Caches#orKnown} knows for the
 * CPU's kind) and the register file, as below. Five more settings have properties but no tuned row:
 * {@code mrSteps}, {@code directBytes} (from L1d, with the 6-row tile only), {@code kernelAddsC} (with the
 * 6-row tile only), {@code addSlivers} and {@code swapDx}. The other entries are the constants below, one line of
 * reason each.
 *
 * @param bits              vector width in bits
 * @param lanes             floats per vector
 * @param registers         vector registers the JIT can use (16 for AVX2 and SSE, 32 for AVX-512 and NEON)
 * @param mr                rows of the micro-kernel's tile for a row-major A, packed as rows (4 or 6)
 * @param mrSteps           rows of the tile for any other A (a transposed one: dW's Xᵀ, sgemm's op(A) = Aᵀ), packed
 *                          as steps of mrSteps floats: {@link #MR_STEPS_WIDE} where the 6-row tile runs on 16 lanes,
 *                          else mr
 * @param nv                vectors per row of the tile (2)
 * @param kc                steps of a cache block of the sum: a B sliver, kc×nr floats, fills about half of L1;
 *                          at most {@link BackwardKernels#MATMUL_BLOCK}
 * @param mc                rows of a packed A block (a multiple of mr); its tile buffer is mc×nc floats
 * @param nc                columns of a packed B panel (a multiple of nr)
 * @param transposePack     how a transposed B (dX's Wᵀ) is packed
 * @param gatherStrideLimit {@link #GATHER_STRIDE_LIMIT}
 * @param grain             {@link #GRAIN}
 * @param dwUnpackedBatch   {@link #DW_UNPACKED_BATCH}
 * @param dotRows           {@link #DOT_ROWS}
 * @param copyTile          {@link #COPY_TILE}
 * @param copyRows          {@link #COPY_ROWS}
 * @param stepBits          the width of the move of a column-major A's step of mrSteps floats in
 *                          {@code Gemm.packA} (a masked vector, or System.arraycopy where it is exactly mrSteps
 *                          floats; 0: a float at a time); the same move, masked to mr floats, serves the 6-row
 *                          tile's steps of an A read in place
 * @param directBytes       a product whose column-major A and row-major B span this many bytes or fewer, together,
 *                          is read in place, unpacked ({@code Gemm.multiply}); 0: never
 * @param rowCutRatio       {@link #ROW_CUT_RATIO}
 * @param addSlivers        slivers of the tile buffer (nr columns each) the macro-kernel adds to C at a time,
 *                          where the micro-kernel does not add to C itself
 * @param kernelAddsC       the micro-kernel adds a whole tile's sums to C at the end of its rounding block, and
 *                          only the edge tiles go through the tile buffer (with the 6-row tile, whose 8-row
 *                          step tile does the same; operands read in place, {@code directBytes}, still send every
 *                          tile through the tile buffer)
 * @param swapDx            dX may be computed as dXᵀ = W·dYᵀ where that transposes fewer floats
 *                          ({@code MatmulEngine.dxSwapped}; on by default at 16 lanes only, the one width
 *                          measured; a property may turn it on at 8)
 * @param caches            the cache sizes the defaults came from
 * @param defaults          where the defaults came from, for the dispatcher's log: "defaults for &lt;kind&gt;
 *                          (tune run &lt;date&gt;)" or "derived from cache sizes (no tune run for &lt;kind&gt;)"
 * @param notes             the properties that set a value or were ignored, for the dispatcher's log
 */
record Blocking(int bits, int lanes, int registers, int mr, int mrSteps, int nv, int kc, int mc, int nc,
                TransposePack transposePack, int gatherStrideLimit, long grain, int dwUnpackedBatch, int dotRows,
                int copyTile, int copyRows, int stepBits, int directBytes, int rowCutRatio,
                int addSlivers, boolean kernelAddsC, boolean swapDx, Caches caches,
                String defaults,
                String notes) {

    /** How the GEMM packs a transposed B: its columns lie a row of W apart. */
    enum TransposePack {
        /** A vector gather per step: fast where gathers are (AVX-512), below {@link #gatherStrideLimit}. */
        GATHER,
        /** Scalar copies along W's rows: faster where gathers are slow (Zen 3's AVX2). */
        COPY,
        /** LANES×LANES blocks transposed in registers by two-vector selects ({@link Transpose}; 8 or 16 lanes). */
        TRANSPOSE
    }

    /** The system properties that override the defaults, each a bit-neutral setting. */
    static final String PREFIX = "backflow.gemm.";

    /** The blocking of this JVM, for its preferred species. */
    static final Blocking CURRENT = of(VectorKernels.preferredBits(), VectorKernels.LANES,
            CpuFeatures.vectorRegisters(), Caches.CURRENT, CpuFeatures.hasAvx512(), System::getProperty,
            CpuId::procCpuinfo, TunedDefaults.ROWS);

    // The table's rules and constants, one line of reason each (the measurements: docs/tuning.md).

    /** Vectors per row of the tile: {@link MicroKernel}'s shape, two loads of B per step. */
    static final int NV = 2;
    /** Tile rows for 32 vector registers: 12 accumulators, 2 B vectors and a broadcast use 15 of them. */
    static final int MR_WIDE_FILE = 6;
    /**
     * Tile rows for an A packed as steps (a transposed A: dW's Xᵀ, sgemm's op(A) = Aᵀ) where the 6-row tile runs on
     * 16 lanes: 16 accumulators, 2 vectors of B and the broadcasts fit 32 registers, and each load of B serves 8
     * rows. Against the 6-row tile, on Zen 5 (family 26 model 2), one thread, paired in one JVM with the build before
     * as a {@code jar:} row, 30 rounds: sgemm TN 1.015-1.121, TT 0.996-1.025 and dW 0.997-1.016 at 256³, 512³,
     * 1024³, 512×1024×1024 and 64×784×256, 12 of the 15 above 1.01. An 8-row tile for a row-major A as well (rows
     * kernels) read 0.968-1.022 for NN, NT and dX in a probe, so a row-major A keeps the 6-row tile
     * (docs/results/2026-12-03-zen5-tile-8x32).
     */
    static final int MR_STEPS_WIDE = 8;
    /** Tile rows for 16 registers: 6 spill (C2 hoists the broadcasts); 8 accumulators still cover 2 FMA pipes. */
    static final int MR_NARROW_FILE = 4;
    /** Rows of an A block: the mc×nc tile buffer must stay in L2 beside the A block (64×1024 floats: 256 KiB). */
    static final int MC_ROWS = 64;
    /** Bytes of the B panel (one rounding block deep): the scratch each running call holds is about this. */
    static final int PANEL_BYTES = 1 << 20;
    /** A transposed B with columns this many floats (4 KiB) apart is copied: a gather would touch a page a lane. */
    static final int GATHER_STRIDE_LIMIT = 1024;
    /**
     * A column-major A with columns this many floats (4 KiB) apart or more is packed through a stage, the block's
     * part of a few columns at a time: a pass per sliver would read a page a step (Gemm.packA).
     */
    static final int STAGE_STRIDE = 1024;
    /** Multiply-adds a part of a split matmul must have: about 40 µs of a core, several times a hand-off's cost. */
    static final long GRAIN = 1L << 21;
    /** dW takes the unpacked path up to this batch: a rank-one update is bound by dW's traffic either way. */
    static final int DW_UNPACKED_BATCH = 1;
    /** Rows of W per block of {@link SmallMatmul}'s dX kernels, their shape: the dot path is cut at multiples. */
    static final int DOT_ROWS = 4;
    /**
     * Columns per tile of the copy kernel with more than four copies: a piece of dx that stays in cache. (Read as
     * this constant by {@link VectorKernels}, so that the elementwise kernels do not load the GEMM's table.)
     */
    static final int COPY_TILE = 8192;
    /** Copies the copy kernel adds in one pass over dx, its shape: up to this many, no tiles either. */
    static final int COPY_ROWS = 4;
    /** The derived kc's floor: a shallower cache block stores and reloads the tile buffer for few steps. */
    static final int KC_FLOOR = 64;
    /**
     * A packed product split over threads is cut along C's rows, not its columns, where C has at most this many
     * times as many columns as rows. Each part packs all of the operand the cut does not divide (a row cut all of
     * B, a column cut all of A). The ratio rests on measurements (docs/tuning.md has a likely reason): two
     * threads, Zen 5 (family 26 model 2), paired in one JVM against column cuts: 1.10× at 1024³, 1.06× at
     * 512×1024×1024 (dX there: 1024 columns, 512 rows), 0.88× for dX at 64×784×256 (784 columns, 64 rows; it
     * stayed a column cut; where dX is swapped, {@code MatmulEngine.dxSwapped}, that product is dXᵀ, 784 rows of
     * 64 columns, cut along its rows, each part packing all of dYᵀ).
     */
    static final int ROW_CUT_RATIO = 2;
    /** Slivers of the tile buffer added to C at a time: see {@link #of}; a property sets it. */
    static final int ADD_SLIVERS = 8;

    /** The blocking for a CPU of no known kind: see the next method. */
    static Blocking of(int bits, int lanes, int registers, Caches caches, boolean fastGathers,
                       Function<String, String> properties) {
        return of(bits, lanes, registers, caches, fastGathers, properties, () -> "", List.of());
    }

    /**
     * The blocking for a CPU, with each value overridable by a property ({@code backflow.gemm.mr}, {@code mrSteps},
     * {@code kc}, {@code mc}, {@code nc}, {@code transposePack}, {@code directBytes}, {@code addSlivers},
     * {@code kernelAddsC}, {@code swapDx}); a
     * property that is not a valid value is ignored, and the notes say so (the dispatcher logs them). Without a
     * property, a value comes from the row of tuned for this CPU's kind (cpuinfo's vendor, family and model, the
     * width and the registers), else from the caches.
     *
     * @param cpuinfo the text of /proc/cpuinfo ("" where there is none), read only here
     * @param tuned   the committed tune runs, {@link TunedDefaults#ROWS}
     */
    static Blocking of(int bits, int lanes, int registers, Caches caches, boolean fastGathers,
                       Function<String, String> properties, Supplier<String> cpuinfo, List<TunedDefaults> tuned) {
        List<String> notes = new ArrayList<>();
        int nr = NV * lanes;
        Optional<CpuId> cpu = CpuId.parse(cpuinfo.get());
        caches = caches.orKnown(cpu);
        Optional<TunedDefaults> row = TunedDefaults.find(tuned, cpu, bits, registers);
        String defaults = row.map(r -> "defaults for " + TunedDefaults.kind(cpu.get(), bits, registers)
                        + " (tune run " + r.date() + ")")
                .orElse("derived from cache sizes (no tune run for " + cpu.map(id -> TunedDefaults.kind(id, bits,
                        registers)).orElse("an unknown CPU") + ")");
        int mr = setting(properties, "mr", row.map(TunedDefaults::mr)
                        .orElse(registers >= 32 ? MR_WIDE_FILE : MR_NARROW_FILE), notes,
                v -> v == MR_NARROW_FILE || v == MR_WIDE_FILE && registers >= 32 ? null
                        : "4, or 6 with 32 vector registers");
        int halfL1 = caches.l1d() / 2 / (nr * Float.BYTES); // steps of a B sliver that fill half of L1
        int kcDefault = Math.min(BackwardKernels.MATMUL_BLOCK, Math.max(KC_FLOOR, halfL1)) / 8 * 8;
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
                pack = TransposePack.valueOf(p.trim().toUpperCase(Locale.ROOT));
                notes.add(PREFIX + "transposePack=" + p);
            } catch (IllegalArgumentException e) {
                notes.add(PREFIX + "transposePack=" + p + " ignored (gather, copy or transpose)");
            }
        }
        if (pack == TransposePack.TRANSPOSE && lanes != 8 && lanes != 16) {
            notes.add("transposePack=transpose needs 8 or 16 lanes, copy instead");
            pack = TransposePack.COPY;
        }
        // a column-major A's step (mrSteps floats) is one move: 128 bits for 4 rows (Gemm copies them with
        // System.arraycopy); 256 bits under a mask for 6, 512 for 8, where masked moves are single instructions
        // (AVX-512); else, or where the JIT's vectors are narrower (a wider species is not compiled to vector code, it
        // allocates), a float at a time
        int mrSteps = setting(properties, "mrSteps", mr == MR_WIDE_FILE && lanes == 16 ? MR_STEPS_WIDE : mr, notes,
                v -> v == mr || v == MR_STEPS_WIDE && mr == MR_WIDE_FILE && lanes == 16 ? null
                        : "mr, or 8 with the 6-row tile on 16 lanes");
        int stepWanted = mrSteps == MR_NARROW_FILE ? 128 : mrSteps == MR_WIDE_FILE && fastGathers ? 256
                : mrSteps == MR_STEPS_WIDE && fastGathers ? 512 : 0;
        int stepBits = stepWanted <= bits ? stepWanted : 0;
        // operands that fit in L1 together are read in place: packing them costs more than it saves there; only
        // with the 6-row tile (32 registers), whose loop has room for the bounds tests that variable steps bring
        int directBytes = setting(properties, "directBytes", mr == MR_WIDE_FILE ? caches.l1d() : 0, notes,
                v -> mr != MR_WIDE_FILE && v != 0 ? "needs the 6-row tile" : v >= 0 && v <= 1 << 20 ? null
                        : "0 to 1048576");
        // the tile buffer goes to C a group of slivers at a time, as each group is done: 8 slivers (256 columns
        // of 16 lanes) beat the whole panel by 3-6% at 1024³ on Zen 5 (family 26 model 2, one thread, paired in one
        // JVM); 4 and 16 were no better than the panel
        int addSlivers = setting(properties, "addSlivers", ADD_SLIVERS, notes,
                v -> v >= 1 && v <= 1 << 16 ? null : "1 to 65536");
        // the 6-row kernel adds its tile to C itself, in its last cache block: 1.005-1.067 against the tile buffer
        // at 128³ to 1024³ and 64×784×256 on Zen 5 (family 26 model 2, one thread, paired in one JVM; dW at
        // 512×1024×1024 0.91-1.03 across runs); on Zen 3 a 4-row tile updating C cost a third of the macro-kernel's
        // time (docs/tuning.md), so the 4-row tile has no such kernel
        boolean kernelAddsC = flag(properties, "kernelAddsC", mr == MR_WIDE_FILE, mr == MR_WIDE_FILE,
                "needs the 6-row tile", notes);
        // dX as dXᵀ = W·dYᵀ where that transposes at most half as many floats: at 64×784×256 1.09-1.14 against the
        // build before on Zen 5 (family 26 model 2, one thread, paired in one JVM); not measured at 8 lanes, so off
        // there
        boolean swapDx = flag(properties, "swapDx", lanes == 16, lanes == 8 || lanes == 16, "needs 8 or 16 lanes",
                notes);
        return new Blocking(bits, lanes, registers, mr, mrSteps, NV, kc, mc, nc, pack, GATHER_STRIDE_LIMIT, GRAIN,
                DW_UNPACKED_BATCH, DOT_ROWS, COPY_TILE, COPY_ROWS, stepBits, directBytes,
                ROW_CUT_RATIO, addSlivers, kernelAddsC, swapDx, caches,
                defaults, String.join(", ", notes));
    }

    /**
     * A true-or-false setting: the property's value where it is "true" or "false" (true only where
     * {@code trueAllowed}, else the note says {@code why not}), else the fallback.
     */
    private static boolean flag(Function<String, String> properties, String name, boolean fallback,
                                boolean trueAllowed, String whyNot, List<String> notes) {
        String raw = properties.apply(PREFIX + name);
        if (raw == null) {
            return fallback;
        }
        String v = raw.trim().toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            notes.add(PREFIX + name + "=" + raw + " ignored (true or false)");
            return fallback;
        }
        if (v.equals("true") && !trueAllowed) {
            notes.add(PREFIX + name + "=" + raw + " ignored (" + whyNot + ")");
            return fallback;
        }
        notes.add(PREFIX + name + "=" + v);
        return v.equals("true");
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

    private static int roundUp(int v, int step) {
        return (v + step - 1) / step * step;
    }

    int nr() {
        return nv * lanes;
    }

    /** Rows of a packed A block for the {@link #mrSteps} tile: mc rounded down to a multiple of it, at least one. */
    int mcSteps() {
        return Math.max(mrSteps, mc / mrSteps * mrSteps);
    }

    /** One line for the dispatcher's log and the benchmark's environment report: the whole table. */
    String describe() {
        return bits + "-bit vectors, " + registers + " registers: micro-kernel " + mr + "x" + nr() + ", kc " + kc
                + ", mc " + mc + ", nc " + nc + ", transposed B by " + transposePack.name().toLowerCase(Locale.ROOT)
                + " (L1d " + caches.l1d() / 1024 + " KiB, L2 " + caches.l2() / 1024 + " KiB"
                + (caches.measured() ? "" : ", " + caches.source()) + "; " + defaults
                + (notes.isEmpty() ? "" : "; set: " + notes)
                + (mrSteps == mr ? "" : "; an A packed as steps: micro-kernel " + mrSteps + "x" + nr() + ", mc "
                + mcSteps())
                + "; fixed: gathers below stride " + gatherStrideLimit + ", split grain " + grain
                + " multiply-adds, dW unpacked up to batch " + dwUnpackedBatch + ", dot blocks of " + dotRows
                + " rows, copy tiles of " + copyTile + " columns, " + copyRows + " copies a pass, a row-major A"
                + " packed as rows, a column-major A's steps moved by " + (stepBits == 0 ? "floats"
                : stepBits + "-bit moves, staged from stride " + STAGE_STRIDE)
                + ", split along C's rows up to " + rowCutRatio + " columns a row"
                + "; operands read in place up to " + directBytes / 1024 + " KiB, "
                + (kernelAddsC ? "whole tiles added to C by the micro-kernel, edge tiles from the tile buffer"
                : "tile buffer added to C " + addSlivers + " slivers at a time")
                + (swapDx ? ", dX as W·dYᵀ where that transposes less" : "") + ")";
    }
}
