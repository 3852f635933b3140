package dev.backflow.bench.harness;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The matmul suites' shape parameter: "256" is a square m = k = n = 256, "64x784x256" is m×k×n. A shape is
 * usable when every operand fits a Java array, and a fork can run it when the operands its setup allocates
 * fit its heap. This class touches no Vector API type, so that the report runs without jdk.incubator.vector.
 */
public final class Shapes {
    private Shapes() {}

    public static final Pattern FORM = Pattern.compile("[1-9][0-9]*(x[1-9][0-9]*x[1-9][0-9]*)?");

    /** The most elements a Java array is sure to hold. */
    static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    /**
     * Floats a fork's setup holds per shape, in units of m·n, m·k and k·n: dY (m×n); X, dX and the two copies
     * of dX that check one call (m×k each); W, dW and the two copies of dW (k×n each).
     */
    static final int MN = 1;
    static final int MK = 3;
    static final int KN = 3;

    /** The share of a fork's heap its operands may take: the rest is JMH's, the kernels' scratch and headroom. */
    static final double HEAP_SHARE = 0.75;

    /** {m, k, n} of a usable shape; {@link BadInput} starting with {@code what} for any other. */
    public static int[] parse(String shape, String what) {
        String why = unusable(shape);
        if (why != null) {
            throw new BadInput(what + " is " + (shape == null ? "missing" : "'" + shape + "'") + ": " + why);
        }
        String[] p = shape.split("x");
        return p.length == 1 ? new int[] {Integer.parseInt(p[0]), Integer.parseInt(p[0]), Integer.parseInt(p[0])}
                : new int[] {Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2])};
    }

    /** Why the shape is not usable (malformed, or an operand larger than a Java array), or null if it is. */
    static String unusable(String shape) {
        if (shape == null || !FORM.matcher(shape).matches()) {
            return "expected m (a square) or mxkxn, each a whole number from 1";
        }
        long[] d = new long[3];
        String[] p = shape.split("x");
        for (int i = 0; i < 3; i++) {
            String s = p[p.length == 1 ? 0 : i];
            d[i] = s.length() > 10 ? Long.MAX_VALUE : Long.parseLong(s);
            if (d[i] > Integer.MAX_VALUE) {
                return "dimension " + s + " is beyond " + Integer.MAX_VALUE;
            }
        }
        long m = d[0];
        long k = d[1];
        long n = d[2];
        for (long[] rc : List.of(new long[] {m, n}, new long[] {m, k}, new long[] {k, n})) {
            if (rc[0] * rc[1] > MAX_ARRAY) {
                return String.format(Locale.ROOT, "an operand of %d×%d = %d elements is beyond what a Java array "
                        + "holds (%d)", rc[0], rc[1], rc[0] * rc[1], MAX_ARRAY);
            }
        }
        return null;
    }

    /** Bytes of the operands a fork's setup allocates for a usable shape. */
    static long bytes(int[] d) {
        long m = d[0];
        long k = d[1];
        long n = d[2];
        return Float.BYTES * (MN * m * n + MK * m * k + KN * k * n);
    }

    /** The largest square shape whose operands fit a heap of that many bytes (and a Java array); 0 if none. */
    public static int largestSquare(long heapBytes) {
        long budget = (long) (heapBytes * HEAP_SHARE);
        long s = (long) Math.sqrt(budget / (double) (Float.BYTES * (MN + MK + KN)));
        while (s > 0 && (s * s > MAX_ARRAY || bytes(new int[] {(int) s, (int) s, (int) s}) > budget)) {
            s--;
        }
        while (s + 1 <= Integer.MAX_VALUE && (s + 1) * (s + 1) <= MAX_ARRAY
                && bytes(new int[] {(int) s + 1, (int) s + 1, (int) s + 1}) <= budget) {
            s++;
        }
        return (int) s;
    }

    /**
     * Why a fork with that heap cannot run the shape (not usable, or its operands beyond the heap's share), or
     * null if it can.
     */
    public static String tooLarge(String shape, long heapBytes) {
        String why = unusable(shape);
        if (why != null) {
            return why;
        }
        long need = bytes(parse(shape, "shape"));
        if (need > heapBytes * HEAP_SHARE) {
            return "its operands take " + mib(need) + ", more than " + Math.round(HEAP_SHARE * 100) + "% of the fork's "
                    + "heap of " + mib(heapBytes);
        }
        return null;
    }

    public static String mib(long bytes) {
        return String.format(Locale.ROOT, "%d MiB", bytes >> 20);
    }

    /**
     * The heap a fork started with these JVM arguments gets: the last -Xmx or -XX:MaxHeapSize among them;
     * without one, the default, which this JVM shares when it has no heap flag itself (the fork runs the same
     * JVM on the same machine), and which is otherwise a quarter of the machine's memory (the JVM's default).
     */
    public static long forkHeap(List<String> forkArgs) {
        long heap = lastHeapFlag(forkArgs);
        if (heap > 0) {
            return heap;
        }
        if (lastHeapFlag(ManagementFactory.getRuntimeMXBean().getInputArguments()) <= 0) {
            return Runtime.getRuntime().maxMemory();
        }
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize() / 4;
        }
        return Runtime.getRuntime().maxMemory();
    }

    /** The heap size the last -Xmx or -XX:MaxHeapSize of the arguments gives, in bytes; -1 if none. */
    static long lastHeapFlag(List<String> args) {
        long heap = -1;
        for (String a : args) {
            String size = a.startsWith("-Xmx") ? a.substring(4)
                    : a.startsWith("-XX:MaxHeapSize=") ? a.substring("-XX:MaxHeapSize=".length()) : null;
            if (size != null) {
                long b = size(size);
                heap = b > 0 ? b : heap;
            }
        }
        return heap;
    }

    /** A JVM memory size ("64m", "2G", "1048576") in bytes; -1 if malformed. */
    static long size(String s) {
        if (!s.matches("[0-9]{1,15}[kKmMgGtT]?")) {
            return -1;
        }
        char last = s.charAt(s.length() - 1);
        int shift = switch (Character.toLowerCase(last)) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            case 't' -> 40;
            default -> 0;
        };
        long v = Long.parseLong(shift == 0 ? s : s.substring(0, s.length() - 1));
        return v > Long.MAX_VALUE >> shift ? -1 : v << shift;
    }

    /** m, k, n of a shape: "64x784x256", or "256" for 256×256×256; {@link BadInput} for anything else. */
    public static int[] dims(String shape) {
        String[] p = shape.split("x", -1);
        if (p.length != 1 && p.length != 3) {
            throw new BadInput("--shape: '" + shape + "' is not m×k×n (64x784x256) or one size (256)");
        }
        int[] d = new int[3];
        for (int i = 0; i < 3; i++) {
            String v = p[p.length == 1 ? 0 : i];
            try {
                d[i] = Integer.parseInt(v);
            } catch (NumberFormatException e) {
                d[i] = 0;
            }
            if (d[i] < 1 || d[i] > 1 << 16) {
                throw new BadInput("--shape: '" + shape + "' is not m×k×n (64x784x256) or one size (256) of whole "
                        + "numbers from 1 to 65536");
            }
        }
        for (long size : new long[] {(long) d[0] * d[1], (long) d[1] * d[2], (long) d[0] * d[2]}) {
            if (size > Integer.MAX_VALUE - 64) {
                throw new BadInput("--shape: '" + shape + "' has a matrix of more than 2³¹ floats");
            }
        }
        return d;
    }
}
