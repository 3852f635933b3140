package dev.backflow.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.backflow.BackwardKernels;
import dev.backflow.Kernels;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The vector form of every elementwise gate gives exactly the scalar form's bits (any NaN matches any NaN),
 * on seeded random cases: lengths around every multiple of the lane count and large ones, random offsets,
 * sentinels around every output region, special values, forced ties, the dx == dy case. Both forms are also
 * checked against an independent double-precision reference where the inputs are finite.
 */
class ElementwisePropertyTest {

    static final BackwardKernels SCALAR = Kernels.scalar();
    static final BackwardKernels VECTOR = Kernels.named("vector");

    @BeforeAll
    static void theVectorFormIsInUse() {
        assertEquals("vector", Kernels.best().name(), "the simd tests need the vector kernels");
        System.out.println("vector kernels at " + VectorKernels.preferredBits() + " bits, " + VectorKernels.LANES
                + " lanes");
    }

    static LongStream seeds() {
        return PropertyRun.seeds(400);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ElementwiseGate.class)
    void vectorMatchesScalarBitForBit(ElementwiseGate gate) {
        seeds().forEach(seed -> check(gate, seed));
    }

    /** A case replayed for a single seed, as the failure message suggests. */
    @ParameterizedTest
    @MethodSource("seeds")
    void everyGateOnOneSeed(long seed) {
        for (ElementwiseGate gate : ElementwiseGate.values()) {
            check(gate, seed ^ gate.ordinal());
        }
    }

    static void check(ElementwiseGate gate, long seed) {
        GateCase original = GateCase.random(gate, new SplittableRandom(seed));
        String problem = problem(gate, original, original.n);
        if (problem == null) {
            return;
        }
        int n = shrink(gate, original);
        fail(gate + " case with seed " + seed + " fails (" + PropertyRun.rerun(seed) + ")\n"
                + "original: " + original.describe(original.n) + "\n"
                + "smallest failing length found: n = " + n + ": " + problem(gate, original, n) + "\n"
                + original.describe(n));
    }

    /** The smallest prefix length that still fails, halving and then stepping down. */
    static int shrink(ElementwiseGate gate, GateCase c) {
        int n = c.n;
        boolean progress = true;
        while (progress) {
            progress = false;
            for (int candidate : new int[] {n / 2, n - 1}) {
                if (candidate >= 0 && candidate < n && problem(gate, c, candidate) != null) {
                    n = candidate;
                    progress = true;
                    break;
                }
            }
        }
        return n;
    }

    /** Runs both forms on copies of the case with length n; null if they agree bit for bit and with the oracle. */
    static String problem(ElementwiseGate gate, GateCase original, int n) {
        GateCase s = original.copy();
        GateCase v = original.copy();
        try {
            gate.run(SCALAR, s, n);
            gate.run(VECTOR, v, n);
        } catch (RuntimeException e) {
            return "threw " + e;
        }
        String diff = s.firstDifference(v);
        if (diff != null) {
            return "scalar and vector differ: " + diff;
        }
        if (!original.inputsEqual(v)) {
            return "an input array was written";
        }
        return gate.checkAgainstDouble(original, v, n);
    }
}
