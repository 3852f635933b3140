package dev.backflow.bench.gate;

import dev.backflow.bench.harness.Args;
import dev.backflow.bench.harness.BadInput;
import dev.backflow.bench.harness.Kernel;
import dev.backflow.bench.harness.Level;
import dev.backflow.bench.harness.Shapes;
import dev.backflow.bench.jmh.Profile;
import java.util.ArrayList;
import java.util.List;

/**
 * One row of the gate: an elementwise kernel at the L2 working set ({@code relu}), or matmulBackward (both
 * products) at a shape ({@code matmul:64x784x256}). The row's bound says which probe normalises its time:
 * the register-only FMA probe for matmul, the bandwidth probe for the elementwise kernels, which stream their
 * arrays and do little arithmetic.
 *
 * @param kernel the kernel
 * @param shape  the matmul shape ("64x784x256"); null for an elementwise kernel
 */
public record GateRow(Kernel kernel, String shape) {

    static final String MATMUL = Kernel.MATMUL.id() + ":";
    static final Level LEVEL = Level.L2;

    public GateRow {
        if (kernel.elementwise() != (shape == null)) {
            throw new IllegalArgumentException(kernel + (shape == null ? " needs a shape" : " takes no shape"));
        }
    }

    /**
     * The row a name gives: a kernel ("relu") or matmul at a shape ("matmul:64"); {@link BadInput} for an unknown
     * kernel or a bad shape.
     */
    public static GateRow fromName(String id) {
        return fromName(id, "row");
    }

    private static GateRow fromName(String id, String option) {
        if (id.startsWith(MATMUL)) {
            String shape = id.substring(MATMUL.length());
            Shapes.parse(shape, option);
            return new GateRow(Kernel.MATMUL, shape);
        }
        for (Kernel k : Kernel.ELEMENTWISE) {
            if (k.id().equals(id)) {
                return new GateRow(k, null);
            }
        }
        throw new BadInput(option + ": unknown row '" + id + "' ("
                + String.join(", ", Kernel.ELEMENTWISE.stream().map(Kernel::id).toList())
                + ", or matmul:SHAPE such as matmul:64x784x256)");
    }

    /** The ci profile's rows: every elementwise kernel at L2 and matmul at the profile's shapes. */
    public static List<GateRow> ci() {
        List<GateRow> rows = new ArrayList<>();
        Kernel.ELEMENTWISE.forEach(k -> rows.add(new GateRow(k, null)));
        for (Profile.Suite s : Profile.named("ci").suites()) {
            if (s.benchmarkClass().equals("MatmulBench")) {
                s.params().get("shape").forEach(shape -> rows.add(new GateRow(Kernel.MATMUL, shape)));
            }
        }
        return List.copyOf(rows);
    }

    /** The rows a comma-separated list names; {@link BadInput} for an unknown kernel or a bad shape. */
    static List<GateRow> parse(String option, String list) {
        List<GateRow> rows = new ArrayList<>();
        for (String id : Args.list(list, option)) {
            rows.add(fromName(id, option));
        }
        return List.copyOf(rows);
    }

    /** The row's name on the command line, in the fork's data and in the report: "relu", "matmul:64x784x256". */
    public String id() {
        return matmul() ? MATMUL + shape : kernel.id();
    }

    boolean matmul() {
        return kernel == Kernel.MATMUL;
    }

    /** The probe that bounds the row: "fma" or "bandwidth". */
    String bound() {
        return matmul() ? "fma" : "bandwidth";
    }

    /** Whether a --cand-extra target names this row: "matmul" names every matmul row, a kernel its own row. */
    boolean named(String target) {
        return matmul() ? target.equals(Kernel.MATMUL.id()) || target.equals(id()) : target.equals(id());
    }
}
