package dev.backflow.bench.harness;

import java.util.Arrays;
import java.util.List;

/**
 * The kernels the suites, the report and the gate name: the elementwise backward kernels, as the JMH suites'
 * {@code kernel} parameter spells them ({@link #id()}), and matmulBackward, a gate row's kernel at a shape.
 */
public enum Kernel {
    ADD("add"),
    MUL("mul"),
    MAX("max"),
    RELU("relu"),
    SIGMOID("sigmoid"),
    /** copyBackward as a plain two-way fan-out. */
    COPY2("copy2"),
    /** copyBackward as a bias gradient over a batch of 256. */
    COPY_BIAS("copyBias"),
    MATMUL("matmul");

    /** The elementwise kernels, in the order of the suites' {@code kernel} parameter and of the report. */
    public static final List<Kernel> ELEMENTWISE = List.of(ADD, MUL, MAX, RELU, SIGMOID, COPY2, COPY_BIAS);

    private final String id;

    Kernel(String id) {
        this.id = id;
    }

    /** The name on the command line, in JMH's parameters and in result files: "add", "copyBias", "matmul". */
    public String id() {
        return id;
    }

    public boolean elementwise() {
        return this != MATMUL;
    }

    /** The kernel of that name; {@link BadInput} naming the known ones for any other. */
    public static Kernel fromName(String name) {
        for (Kernel k : values()) {
            if (k.id.equals(name)) {
                return k;
            }
        }
        throw new BadInput("unknown kernel '" + name + "' ("
                + String.join(", ", Arrays.stream(values()).map(Kernel::id).toList()) + ")");
    }

    @Override
    public String toString() {
        return id;
    }
}
