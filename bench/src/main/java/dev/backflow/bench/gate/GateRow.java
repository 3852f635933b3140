package dev.backflow.bench.gate;

import dev.backflow.bench.harness.Args;
import dev.backflow.bench.harness.BadInput;
import dev.backflow.bench.harness.Shapes;
import dev.backflow.bench.jmh.ElementwiseBase;
import dev.backflow.bench.jmh.Profile;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.annotations.Param;

/**
 * One row of the gate: an elementwise kernel at the L2 working set ({@code relu}), or matmulBackward (both
 * products) at a shape ({@code matmul:64x784x256}). The row's bound says which probe normalises its time:
 * the register-only FMA probe for matmul, the bandwidth probe for the elementwise kernels, which stream their
 * arrays and do little arithmetic.
 *
 * @param id the row's name on the command line and in the report
 */
public record GateRow(String id) {

    static final String MATMUL = "matmul:";
    static final String LEVEL = "L2";

    /** Every elementwise kernel of the JMH suites, as ElementwiseBase's {@code @Param} lists them. */
    static List<String> kernels() {
        try {
            return List.of(ElementwiseBase.class.getField("kernel").getAnnotation(Param.class).value());
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The ci profile's rows: every elementwise kernel at L2 and matmul at the profile's shapes. */
    public static List<GateRow> ci() {
        List<GateRow> rows = new ArrayList<>();
        kernels().forEach(k -> rows.add(new GateRow(k)));
        for (Profile.Suite s : Profile.named("ci").suites()) {
            if (s.benchmarkClass().equals("MatmulBench")) {
                s.params().get("shape").forEach(shape -> rows.add(new GateRow(MATMUL + shape)));
            }
        }
        return List.copyOf(rows);
    }

    /** The rows a comma-separated list names; {@link BadInput} for an unknown kernel or a bad shape. */
    static List<GateRow> parse(String option, String list) {
        List<GateRow> rows = new ArrayList<>();
        for (String id : Args.list(list, option)) {
            if (id.startsWith(MATMUL)) {
                Shapes.parse(id.substring(MATMUL.length()), option);
            } else if (!kernels().contains(id)) {
                throw new BadInput(option + ": unknown row '" + id + "' (" + String.join(", ", kernels())
                        + ", or matmul:SHAPE such as matmul:64x784x256)");
            }
            rows.add(new GateRow(id));
        }
        return List.copyOf(rows);
    }

    boolean matmul() {
        return id.startsWith(MATMUL);
    }

    /** The matmul shape ("64x784x256"); only for a matmul row. */
    String shape() {
        return id.substring(MATMUL.length());
    }

    /** The probe that bounds the row: "fma" or "bandwidth". */
    String bound() {
        return matmul() ? "fma" : "bandwidth";
    }

    /** Whether a --cand-extra target names this row: "matmul" names every matmul row, a kernel its own row. */
    boolean named(String target) {
        return matmul() ? target.equals("matmul") || target.equals(id) : target.equals(id);
    }
}
