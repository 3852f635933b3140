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
     * The least elements per part of a split elementwise call: two threads from 1,048,576 elements, three
     * from 1,572,864, and so on. Measured on the project's 2-core AMD EPYC (Zen 4) cloud VM, which other
     * work shares, JDK 25, the vector kernels (add, mul, relu, copy of 4 rows) on 2 threads against 1, the
     * same arrays called again and again, medians of 9 and of 15 rounds in two runs: from 2Ki to 128Ki
     * elements a split lost in 27 of 28 measurements (down to 0.3×); at 256Ki it ranged from 0.48× to
     * 1.05×; at 512Ki (second run only) add 1.03×, mul 0.92×, relu 0.86×, copy 1.12×; at 1Mi add 0.97× and
     * 1.13×, mul 1.73× and 1.12×, copy 1.62× and 1.49×, relu, the lightest kernel, 0.94× and 0.93×; at 4Mi
     * every kernel gained, 1.31× to 1.65×. The scalar kernels, measured the same way, varied too much
     * between the two runs (add at 1Mi: 0.58× and 1.33×) to be given a grain of their own.
     */
    public static final int ELEMENTWISE_GRAIN = 1 << 19;

    /**
     * The least multiply-adds (m·k·n of one product) per part of a split scalar matmul or sgemm (the vector
     * engine's grain is in simd's tuning table): two threads from 32Ki, about 32³. Measured as for
     * {@link #ELEMENTWISE_GRAIN}, both products of an s³ call on 2 threads against 1: 0.62× at 8³, 1.01× at
     * 16³, 1.51× at 24³, 1.68× at 32³, 0.89× and 0.90× at 40³ and 48³ (the shared VM's noise, as the sizes
     * around them show), 1.34× at 64³, 2.01× at 96³.
     */
    public static final long SCALAR_MATMUL_GRAIN = 1 << 14;

    /** 0, or the grain that replaces every grain while a test asks small calls to split too. */
    private static volatile long grainOverride;

    /**
     * The number of parts for a call of {@code work} units of work that can be cut at {@code units} places:
     * {@code min(threads, work / grain, units)}, at least 1.
     *
     * @param threads the most threads the call may run on
     * @param work the call's size, in any unit
     * @param grain the least work per part for which a split pays
     * @param units the most parts the work can be cut into
     * @return the number of parts, at least 1
     * @throws IllegalArgumentException if {@code grain < 1}
     */
    public static int parts(int threads, long work, long grain, long units) {
        if (grain < 1) {
            throw new IllegalArgumentException("grain = " + grain + " must be positive");
        }
        long g = grainOverride;
        long p = Math.min(Math.min(threads, work / (g != 0 ? g : grain)), units);
        return (int) Math.max(1, p);
    }

    /**
     * Where part {@code part} of {@code parts} starts, for {@code length} items cut at multiples of
     * {@code align}: the chunks of {@code align} items are shared out as evenly as they go, in order, and
     * the last part ends at {@code length} (so {@code start(parts, parts, length, align) == length}). Every
     * part is non-empty when {@code parts <= ceil(length / align)}.
     *
     * @param part the part, in {@code [0, parts]}
     * @param parts the number of parts
     * @param length the number of items
     * @param align the multiple at which parts are cut
     * @return the index of the part's first item
     */
    public static int start(int part, int parts, int length, int align) {
        long chunks = ((long) length + align - 1) / align;
        return (int) Math.min(length, chunks * part / parts * align);
    }

    /**
     * For tests only: makes {@code grain} (at least 1) the grain of every split decision, so that small
     * calls split too; {@code 0} restores the measured grains. Not an API: nothing outside Backflow's tests
     * may call it.
     *
     * @param grain the grain of every split decision, or 0 for the measured ones
     * @throws IllegalArgumentException if {@code grain < 0}
     */
    public static void overrideGrainForTests(long grain) {
        if (grain < 0) {
            throw new IllegalArgumentException("grain = " + grain);
        }
        grainOverride = grain;
    }
}
