package dev.backflow.simd;

import dev.backflow.BackwardKernels;
import java.util.List;
import java.util.Optional;

/**
 * The GEMM's defaults for one kind of CPU, measured by the bench jar's {@code tune} command and committed: a
 * row of {@link #ROWS}. The kind is what {@link Blocking} knows cheaply: /proc/cpuinfo's vendor, family and
 * model ({@link CpuId}), the vector width and the vector registers the JIT uses (so a Zen 4 run under
 * {@code -XX:UseAVX=2} is not taken for a Zen 4). A CPU with no row keeps the values derived from its cache
 * sizes. None of these values changes a bit of any result, so a row can only cost or gain speed.
 *
 * <p>Adding a row is one line: {@code tune} prints it (see docs/tuning.md).
 *
 * @param vendor        /proc/cpuinfo's vendor ({@code vendor_id}: AuthenticAMD, GenuineIntel; "arm-0x41")
 * @param family        its CPU family (Arm: architecture)
 * @param model         its model (Arm: part)
 * @param bits          the preferred vector width in bits
 * @param registers     the vector registers the JIT uses (16 or 32)
 * @param date          the day of the tune run, yyyy-mm-dd
 * @param mr            rows of the micro-kernel's tile
 * @param kc            steps of a cache block of the sum
 * @param mc            rows of a packed A block, a multiple of mr
 * @param nc            columns of a packed B panel, a multiple of the tile's columns
 * @param transposePack how a transposed B is packed
 */
record TunedDefaults(String vendor, int family, int model, int bits, int registers, String date, int mr, int kc,
                     int mc, int nc, Blocking.TransposePack transposePack) {

    /** The committed tune runs, one per CPU kind (an array, so that every row may end with a comma). */
    static final List<TunedDefaults> ROWS = List.of(new TunedDefaults[] {
        // vendor, family, model, vector bits, registers, tune run; mr, kc, mc, nc, transposed B (TransposePack)
        // Zen 3 (EPYC, 2-vCPU KVM guest): docs/results/2026-12-01-zen3-tune.json; no setting beat these by 3%
        new TunedDefaults("AuthenticAMD", 25, 1, 256, 16, "2026-12-01", 4, 256, 64, 1024, Blocking.TransposePack.COPY),
        // Zen 5 (EPYC, 2-vCPU KVM guest, no cache sizes in sysfs): docs/results/2026-12-02-zen5-tune.json, against
        // OpenBLAS's SkylakeX kernels: mc 102 beat 66 by 5% (geometric mean of four shapes), and transpose beat
        // gather by 7% and copy by 14%. A second run (2026-12-02-zen5-tune-18245d4.json, after the row cuts, 48 KiB
        // L1d and the grouped adds) chose kc 256 over 128 (0.894 against 0.858); paired in one JVM, the two
        // builds read 0.977-1.031 one thread, 1.00-1.05 two threads (engine-experiments/kc256-vs-kc128-*)
        new TunedDefaults("AuthenticAMD", 26, 2, 512, 32, "2026-12-02", 6, 256, 102, 1024,
                Blocking.TransposePack.TRANSPOSE),
    });

    /** A row that the blocking could not use is a mistake in the table: it fails here, at the first test. */
    TunedDefaults {
        int nr = Blocking.NV * bits / Float.SIZE;
        if (vendor.isBlank() || vendor.contains(" ") || bits < 64 || registers < 16 || nr < 1
                || !date.matches("\\d{4}-\\d{2}-\\d{2}")
                || !(mr == Blocking.MR_NARROW_FILE || mr == Blocking.MR_WIDE_FILE && registers >= 32)
                || kc < 8 || kc > BackwardKernels.MATMUL_BLOCK || mc < mr || mc % mr != 0 || nc < nr || nc % nr != 0
                || transposePack == null) {
            throw new IllegalArgumentException("a tuned row the blocking cannot use: " + vendor + " " + family + " "
                    + model + " " + bits + " " + registers + " " + date + ": mr " + mr + ", kc " + kc + ", mc " + mc
                    + ", nc " + nc + ", " + transposePack);
        }
    }

    /** The row of this CPU kind in rows, if any. */
    static Optional<TunedDefaults> find(List<TunedDefaults> rows, Optional<CpuId> cpu, int bits, int registers) {
        return cpu.flatMap(id -> rows.stream().filter(r -> r.vendor.equals(id.vendor()) && r.family == id.family()
                && r.model == id.model() && r.bits == bits && r.registers == registers).findFirst());
    }

    /** The kind's name in the dispatcher's log: "AuthenticAMD family 25 model 1, 256-bit, 16 registers". */
    static String kind(CpuId cpu, int bits, int registers) {
        return cpu + ", " + bits + "-bit, " + registers + " registers";
    }
}
