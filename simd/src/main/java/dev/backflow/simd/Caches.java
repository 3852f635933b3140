package dev.backflow.simd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * The data cache sizes that set the GEMM's blocking: read from Linux's sysfs (cpu0's L1 data cache and L2), or,
 * where that fails for any reason, common defaults.
 *
 * @param l1d      bytes of L1 data cache per core
 * @param l2       bytes of L2 per core
 * @param measured whether both were read from this machine
 */
record Caches(int l1d, int l2, boolean measured) {

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
