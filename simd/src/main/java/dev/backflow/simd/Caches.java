package dev.backflow.simd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;

/** Cache sizes that set the GEMM's block sizes: read from Linux's sysfs where possible, else common defaults. */
final class Caches {
    private Caches() {}

    /** Assumed where it cannot be read: 512 KiB, the smallest L2 of current x86 and Arm server cores. */
    static final int DEFAULT_L2_BYTES = 512 * 1024;

    static final int L2_BYTES = readL2().orElse(DEFAULT_L2_BYTES);

    private static OptionalInt readL2() {
        try {
            Path dir = Path.of("/sys/devices/system/cpu/cpu0/cache");
            if (!Files.isDirectory(dir)) {
                return OptionalInt.empty();
            }
            try (var entries = Files.list(dir)) {
                for (Path index : (Iterable<Path>) entries.filter(p -> p.getFileName().toString().startsWith("index"))::iterator) {
                    String level = Files.readString(index.resolve("level")).trim();
                    String type = Files.readString(index.resolve("type")).trim();
                    if (level.equals("2") && !type.equals("Instruction")) {
                        return parseSize(Files.readString(index.resolve("size")).trim());
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // no sysfs (not Linux, or a sandbox): use the default
        }
        return OptionalInt.empty();
    }

    static OptionalInt parseSize(String s) {
        int unit = 1;
        if (s.endsWith("K")) {
            unit = 1024;
        } else if (s.endsWith("M")) {
            unit = 1024 * 1024;
        }
        String digits = unit == 1 ? s : s.substring(0, s.length() - 1);
        try {
            return OptionalInt.of(Integer.parseInt(digits) * unit);
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }
}
