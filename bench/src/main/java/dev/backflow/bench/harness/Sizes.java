package dev.backflow.bench.harness;

/**
 * Working-set targets for the elementwise suites and their bandwidth probes: each kernel's n is derived from
 * the bytes it touches per element, so that "L2" means the same thing for add (five floats per element: three
 * read, two written) as for relu (four: three read, one written). This class touches no Vector API type, so
 * that the report runs on a JVM without jdk.incubator.vector.
 */
public final class Sizes {
    private Sizes() {}

    /** The copies of the copy kernels: a plain two-way fan-out, and a bias gradient over a batch of 256. */
    public static int copies(Kernel kernel) {
        return switch (kernel) {
            case COPY2 -> 2;
            case COPY_BIAS -> 256;
            default -> 1;
        };
    }

    /** Floats read per element of n (every input, and every output, which is read before it is written). */
    static int floatsRead(Kernel kernel) {
        return switch (kernel) {
            case ADD -> 3;                   // dz, dx, dy
            case MUL, MAX -> 5;              // dz, x, y, dx, dy
            case RELU, SIGMOID -> 3;         // dz, x|s, dx (the vector relu reads all three at every element;
                                             // the scalar loop reads dz and writes dx only where x > 0)
            case COPY2, COPY_BIAS -> copies(kernel) + 1; // every copy's row, and dx
            default -> throw new IllegalArgumentException("not an elementwise kernel: " + kernel);
        };
    }

    /** Floats written per element of n. */
    static int floatsWritten(Kernel kernel) {
        return switch (kernel) {
            case ADD, MUL, MAX -> 2;
            default -> 1;
        };
    }

    static int bytesPerElement(Kernel kernel) {
        return (floatsRead(kernel) + floatsWritten(kernel)) * Float.BYTES;
    }

    /** Bytes one call of the kernel at that level moves. */
    public static long bytes(Kernel kernel, Level level) {
        return (long) n(kernel, level) * bytesPerElement(kernel);
    }

    /** n for a kernel at a level, rounded to a multiple of 64 so that no size favours one vector width. */
    public static int n(Kernel kernel, Level level) {
        long n = level.targetBytes() / bytesPerElement(kernel);
        return (int) Math.max(64, n / 64 * 64);
    }

    /** The bandwidth probe's access pattern for a kernel: reads and read-modify-writes in the kernel's mix. */
    public static String probePattern(Kernel kernel) {
        return switch (kernel) {
            case ADD -> "r3w2";
            case MUL, MAX -> "r5w2";
            case RELU, SIGMOID, COPY2 -> "r3w1";
            case COPY_BIAS -> "read";
            default -> throw new IllegalArgumentException("not an elementwise kernel: " + kernel);
        };
    }

    /**
     * Elements per probe stream: the kernel's n, or for the read-only probe the whole dz block and dx as one
     * stream.
     */
    public static int probeLength(Kernel kernel, Level level) {
        int kernelN = n(kernel, level);
        return probePattern(kernel).equals("read") ? kernelN * (copies(kernel) + 1) : kernelN;
    }

    /** Bytes one probe call moves (each read-modify-write stream counted twice). */
    public static long probeBytes(Kernel kernel, Level level) {
        int floats = switch (probePattern(kernel)) {
            case "r3w2" -> 5;
            case "r5w2" -> 7;
            case "r3w1" -> 4;
            default -> 1;
        };
        return (long) probeLength(kernel, level) * floats * Float.BYTES;
    }
}
