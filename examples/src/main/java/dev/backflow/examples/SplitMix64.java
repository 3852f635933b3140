package dev.backflow.examples;

/**
 * SplitMix64 (Steele, Lea and Flood, 2014): a tiny 64-bit generator that {@code scripts/train-digits.py}
 * reproduces exactly, so the Java and PyTorch runs start from the same weights and see the same batches. It
 * is not java.util.SplittableRandom on purpose: the bits must be spelled out here, where the script can copy
 * them, not depend on a library's version.
 */
final class SplitMix64 {
    private long state;

    SplitMix64(long seed) {
        state = seed;
    }

    /** The next 64 random bits. */
    long nextLong() {
        long z = state += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A double uniform in [0, 1): the top 53 bits of {@link #nextLong()} times 2⁻⁵³. */
    double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** An int uniform in [0, bound) (up to a bias of bound/2⁶⁴): the 64 bits, unsigned, modulo bound. */
    int nextInt(int bound) {
        return (int) Long.remainderUnsigned(nextLong(), bound);
    }

    /**
     * Fills {@code order} with 0 .. length-1 in a random order (Fisher-Yates, from the last element down) and
     * returns it.
     */
    int[] permutation(int[] order) {
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        for (int i = order.length - 1; i > 0; i--) {
            int j = nextInt(i + 1), t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
