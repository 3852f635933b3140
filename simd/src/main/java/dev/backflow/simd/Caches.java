package dev.backflow.simd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The data cache sizes that set the GEMM's blocking: read from Linux's sysfs (cpu0's L1 data cache and L2), or,
 * where that fails for any reason, the sizes of the CPU's kind where they are known ({@link #orKnown}), else
 * common defaults.
 *
 * @param l1d    bytes of L1 data cache per core
 * @param l2     bytes of L2 per core
 * @param source "sysfs" where both were read from this machine; else where they came from, for the log
 */
record Caches(int l1d, int l2, String source) {

    /** Sizes read from sysfs ({@code measured}) or assumed. */
    Caches(int l1d, int l2, boolean measured) {
        this(l1d, l2, measured ? SYSFS : "assumed");
    }

    private static final String SYSFS = "sysfs";

    /** Whether both sizes were read from this machine. */
    boolean measured() {
        return source.equals(SYSFS);
    }

    /**
     * These sizes where sysfs gave both; else (both replaced) those of a CPU kind whose sizes are known. A KVM guest's
     * sysfs often lists no caches (the Zen 5 VMs this was tuned on list none), and the 32 KiB assumed then kept Zen 5
     * from reading operands of 32 to 48 KiB in place: dW at 64×96×64 ran at 122 GFLOP/s packed against 154 in place
     * (Zen 5, family 26 model 2, one thread, two paired runs, 2026-12-02). Known: AMD family 26 (Zen 5), 48 KiB L1d and
     * 1 MiB L2 a core.
     */
    Caches orKnown(Optional<CpuId> cpu) {
        if (measured() || cpu.isEmpty()) {
            return this;
        }
        CpuId id = cpu.get();
        if (id.vendor().equals("AuthenticAMD") && id.family() == 26) {
            return new Caches(48 * 1024, 1024 * 1024, "Zen 5's (AMD family 26), not listed in sysfs");
        }
        return this;
    }

    /** Assumed where it cannot be read: 32 KiB, the L1 data cache of most x86 cores of the last decade. */
    static final int DEFAULT_L1D_BYTES = 32 * 1024;
    /** Assumed where it cannot be read: 512 KiB, the smallest L2 of current x86 and Arm server cores. */
    static final int DEFAULT_L2_BYTES = 512 * 1024;

    static final Caches CURRENT = read(Path.of("/sys/devices/system/cpu/cpu0/cache"));

    /**
     * Reads the cache sizes under a sysfs cache directory. Never throws: a failure of any kind, an
     * OutOfMemoryError included, gives the defaults, so that loading this class cannot fail and take the matmul
     * engine down with it.
     */
    static Caches read(Path dir) {
        try {
            OptionalInt l1 = size(dir, "1");
            OptionalInt l2 = size(dir, "2");
            return new Caches(l1.orElse(DEFAULT_L1D_BYTES), l2.orElse(DEFAULT_L2_BYTES),
                    l1.isPresent() && l2.isPresent());
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            return new Caches(DEFAULT_L1D_BYTES, DEFAULT_L2_BYTES, false);
        }
    }

    /** The size of the data (or unified) cache of that level, if sysfs lists one. */
    private static OptionalInt size(Path dir, String level) throws IOException {
        if (!Files.isDirectory(dir)) {
            return OptionalInt.empty();
        }
        try (var entries = Files.list(dir)) {
            Iterable<Path> indexes = entries.filter(p -> p.getFileName().toString().startsWith("index"))::iterator;
            for (Path index : indexes) {
                if (Files.readString(index.resolve("level")).trim().equals(level)
                        && !Files.readString(index.resolve("type")).trim().equals("Instruction")) {
                    return parseSize(Files.readString(index.resolve("size")).trim());
                }
            }
        }
        return OptionalInt.empty();
    }

    /** "32K", "1024K", "2M" or a plain byte count; empty when it is none of these or not positive. */
    static OptionalInt parseSize(String s) {
        int unit = 1;
        if (s.endsWith("K")) {
            unit = 1024;
        } else if (s.endsWith("M")) {
            unit = 1024 * 1024;
        }
        String digits = unit == 1 ? s : s.substring(0, s.length() - 1);
        try {
            long bytes = Long.parseLong(digits) * unit;
            return bytes > 0 && bytes <= Integer.MAX_VALUE ? OptionalInt.of((int) bytes) : OptionalInt.empty();
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }
}
