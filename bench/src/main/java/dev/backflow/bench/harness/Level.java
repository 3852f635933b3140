package dev.backflow.bench.harness;

import java.util.Arrays;

/**
 * The working-set sizes of the elementwise suites and their bandwidth probes, as the suites' {@code size}
 * parameter spells them: well inside L1 (32-48 KiB), L2 (512 KiB-2 MiB), L3 (16 MiB+), and far beyond.
 */
public enum Level {
    L1(16L << 10),
    L2(256L << 10),
    L3(6L << 20),
    DRAM(256L << 20);

    private final long targetBytes;

    Level(long targetBytes) {
        this.targetBytes = targetBytes;
    }

    /** The bytes a call at this level should move. */
    public long targetBytes() {
        return targetBytes;
    }

    /** The name in JMH's parameters and in result files: the constant's own. */
    public String id() {
        return name();
    }

    /** The level of that name; {@link BadInput} naming the known ones for any other. */
    public static Level fromName(String name) {
        for (Level l : values()) {
            if (l.name().equals(name)) {
                return l;
            }
        }
        throw new BadInput("unknown level '" + name + "' ("
                + String.join(", ", Arrays.stream(values()).map(Level::id).toList()) + ")");
    }
}
