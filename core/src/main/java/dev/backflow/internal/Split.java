package dev.backflow.internal;

/**
 * How a call is cut into parts: how many (never more than the thread count, and only where each part has at
 * least a grain of work, so that small calls stay on the calling thread) and where each part starts.
 */
public final class Split {
    private Split() {}

    /** Elementwise parts start at multiples of this many elements (whole cache lines, whole vectors). */
    public static final int ALIGN = 64;

    /**
     * Elements per part below which an elementwise call is not split. Measured on a 2-core AMD EPYC (Zen 5)
     * VM, JDK 25, vector and scalar kernels, 2 threads against 1: FILLED IN FROM THE MEASUREMENT.
     */
    public static final int ELEMENTWISE_GRAIN = 1 << 15;

    /** 0, or the grain that replaces every grain while a test asks small calls to split too. */
    private static volatile long grainOverride;

    /**
     * The number of parts for a call of {@code work} units of work that can be cut at {@code units} places:
     * {@code min(threads, work / grain, units)}, at least 1.
     */
    public static int parts(int threads, long work, long grain, long units) {
        long g = grainOverride;
        long p = Math.min(Math.min(threads, work / (g != 0 ? g : grain)), units);
        return (int) Math.max(1, p);
    }

    /**
     * Where part {@code part} of {@code parts} starts, for {@code length} items cut at multiples of
     * {@code align}: the chunks of {@code align} items are shared out as evenly as they go, in order, and
     * the last part ends at {@code length} (so {@code start(parts, parts, length, align) == length}). Every
     * part is non-empty when {@code parts <= ceil(length / align)}.
     */
    public static int start(int part, int parts, int length, int align) {
        long chunks = ((long) length + align - 1) / align;
        return (int) Math.min(length, chunks * part / parts * align);
    }

    /**
     * For tests only: makes {@code grain} (at least 1) the grain of every split decision, so that small
     * calls split too; {@code 0} restores the measured grains. Not an API: nothing outside Backflow's tests
     * may call it.
     */
    public static void overrideGrainForTests(long grain) {
        if (grain < 0) {
            throw new IllegalArgumentException("grain = " + grain);
        }
        grainOverride = grain;
    }
}
