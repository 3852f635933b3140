package dev.backflow.bench.tune;

import dev.backflow.bench.harness.BadInput;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One setting of the vector GEMM's bit-neutral parameters, as the simd module's {@code Blocking} reads them
 * from system properties ({@code backflow.gemm.mr}, {@code kc}, {@code mc}, {@code nc},
 * {@code transposePack}). Values are the effective ones (mc a multiple of mr, nc of the tile's columns), so
 * that a child JVM's own description of its blocking can be checked against them.
 *
 * @param mr            rows of the micro-kernel's tile (4, or 6 with 32 vector registers)
 * @param kc            steps of a cache block of the sum (8 to 256)
 * @param mc            rows of a packed A block
 * @param nc            columns of a packed B panel
 * @param transposePack how a transposed B is packed: "gather", "copy" or "transpose"
 */
record TuneSetting(int mr, int kc, int mc, int nc, String transposePack) {

    /** The prefix of the properties, as Blocking reads them. */
    static final String PREFIX = "backflow.gemm.";

    /** The search's coordinates, in the order the search visits them. */
    enum Coordinate {
        MC("mc"), NC("nc"), KC("kc"), TRANSPOSE_PACK("transposePack"), MR("mr");

        final String property;

        Coordinate(String property) {
            this.property = property;
        }

        static Coordinate of(String name) {
            for (Coordinate c : values()) {
                if (c.property.equals(name)) {
                    return c;
                }
            }
            throw new BadInput("--search: unknown setting '" + name + "' (mc, nc, kc, transposePack, mr)");
        }
    }

    /** The value of a coordinate, as its property would spell it. */
    String value(Coordinate c) {
        return switch (c) {
            case MR -> Integer.toString(mr);
            case KC -> Integer.toString(kc);
            case MC -> Integer.toString(mc);
            case NC -> Integer.toString(nc);
            case TRANSPOSE_PACK -> transposePack;
        };
    }

    /**
     * The JVM options that turn the defaults into this setting: one {@code -Dbackflow.gemm.X=V} for each value
     * that differs, in the search's order; empty for the defaults themselves.
     */
    List<String> options(TuneSetting defaults) {
        List<String> out = new ArrayList<>();
        for (Coordinate c : Coordinate.values()) {
            if (!value(c).equals(defaults.value(c))) {
                out.add("-D" + PREFIX + c.property + "=" + value(c));
            }
        }
        return out;
    }

    /** "micro-kernel 4 rows, kc 256, mc 64, nc 1024, transposed B by copy". */
    String describe() {
        return "micro-kernel " + mr + " rows, kc " + kc + ", mc " + mc + ", nc " + nc + ", transposed B by "
                + transposePack;
    }

    /** "mc=96, kc=128", or "defaults". */
    String label(TuneSetting defaults) {
        List<String> out = new ArrayList<>();
        for (Coordinate c : Coordinate.values()) {
            if (!value(c).equals(defaults.value(c))) {
                out.add(c.property + "=" + value(c));
            }
        }
        return out.isEmpty() ? "defaults" : String.join(", ", out);
    }

    /** The row of simd's TunedDefaults.ROWS that makes this setting the defaults of that CPU kind. */
    String row(String vendor, int family, int model, int bits, int registers, String date) {
        return String.format(Locale.ROOT, "new TunedDefaults(\"%s\", %d, %d, %d, %d, \"%s\", %d, %d, %d, %d, "
                        + "Blocking.TransposePack.%s),", vendor, family, model, bits, registers, date, mr, kc, mc, nc,
                transposePack.toUpperCase(Locale.ROOT));
    }

    /**
     * The values the search tries for one coordinate next to this setting (this one's own value left out): a
     * handful each, around the current value for the block sizes, the other choice for the packing and the
     * tile's rows.
     *
     * @param nr        columns of the micro-kernel's tile (nc is a multiple of it)
     * @param registers the vector registers: mr 6 needs 32
     */
    List<TuneSetting> neighbours(Coordinate c, int nr, int registers) {
        List<TuneSetting> out = new ArrayList<>();
        switch (c) {
            case MC -> {
                for (double f : new double[] {0.5, 0.75, 1.5, 2, 4}) {
                    add(out, new TuneSetting(mr, kc, Math.min(4096, roundUp((int) Math.round(mc * f), mr)), nc,
                            transposePack));
                }
            }
            case NC -> {
                for (double f : new double[] {0.25, 0.5, 2, 4}) {
                    add(out, new TuneSetting(mr, kc, mc, Math.min(16384, roundUp((int) Math.round(nc * f), nr)),
                            transposePack));
                }
            }
            case KC -> {
                for (int v : new int[] {64, 96, 128, 192, 256}) {
                    add(out, new TuneSetting(mr, v, mc, nc, transposePack));
                }
            }
            case TRANSPOSE_PACK -> {
                boolean blocks = nr == 16 || nr == 32; // transpose needs 8 or 16 lanes
                for (String v : blocks ? List.of("gather", "copy", "transpose") : List.of("gather", "copy")) {
                    add(out, new TuneSetting(mr, kc, mc, nc, v));
                }
            }
            case MR -> {
                if (registers >= 32) {
                    int other = mr == 4 ? 6 : 4;
                    add(out, new TuneSetting(other, kc, roundUp(mc, other), nc, transposePack));
                }
            }
            default -> throw new IllegalStateException(c.name());
        }
        return out;
    }

    private void add(List<TuneSetting> out, TuneSetting s) {
        if (!s.equals(this) && !out.contains(s)) {
            out.add(s);
        }
    }

    private static int roundUp(int v, int step) {
        return Math.max(step, (v + step - 1) / step * step);
    }
}
