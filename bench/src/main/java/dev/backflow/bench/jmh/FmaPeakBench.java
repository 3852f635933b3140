package dev.backflow.bench.jmh;

import static jdk.incubator.vector.VectorOperators.ADD;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The compute ceiling beside matmul: register-only fused multiply-adds, ten independent accumulators, at the
 * preferred width and at 256 bits. Ten cover an FMA latency of 4 cycles on two pipes (8 in flight) and, with the
 * two operands, fit the 16 registers of AVX2 with room to spare: the sixteen this probe had before spilled
 * there, and with more than 12 FMAs in one method C2 may stop inlining the Vector API calls (see simd's
 * MicroKernel), so it measured less than the GEMM's own micro-kernel reached.
 * One operation is one FMA vector instruction; the report turns it into GFLOP/s (2 flops per lane). Setup
 * checks one call of each against the same recurrence in scalar {@link Math#fma}: a wrong lane count or a
 * chain that is not an FMA fails the run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 2, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class FmaPeakBench {

    static final int STEPS = 1024;
    public static final int ACCUMULATORS = 10;

    static final VectorSpecies<Float> PREFERRED = FloatVector.SPECIES_PREFERRED;
    static final VectorSpecies<Float> BITS_256 = FloatVector.SPECIES_256;

    float x = 0.999f;
    float y = 1e-4f;

    @Setup
    public void check() {
        float v = 1f;
        for (int i = 0; i < STEPS; i++) {
            v = Math.fma(v, x, y);
        }
        expect("preferred", preferred(), (double) v * ACCUMULATORS * PREFERRED.length());
        expect("bits256", bits256(), (double) v * ACCUMULATORS * BITS_256.length());
    }

    private static void expect(String probe, float got, double expected) {
        if (!(Math.abs(got - expected) <= 1e-6 * expected)) {
            throw new IllegalStateException("FMA probe " + probe + " gives " + got + " but the scalar recurrence "
                    + "gives " + expected);
        }
    }

    // Two copies of one loop, not one method taking the species: a species that is not a compile-time
    // constant makes C2 box every vector, and the probe would measure allocation instead of FMAs.

    @Benchmark
    @OperationsPerInvocation(STEPS * ACCUMULATORS)
    public float preferred() {
        FloatVector m = FloatVector.broadcast(PREFERRED, x);
        FloatVector c = FloatVector.broadcast(PREFERRED, y);
        FloatVector a0 = FloatVector.broadcast(PREFERRED, 1f), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0;
        FloatVector a6 = a0, a7 = a0, a8 = a0, a9 = a0;
        for (int i = 0; i < STEPS; i++) {
            a0 = a0.fma(m, c);
            a1 = a1.fma(m, c);
            a2 = a2.fma(m, c);
            a3 = a3.fma(m, c);
            a4 = a4.fma(m, c);
            a5 = a5.fma(m, c);
            a6 = a6.fma(m, c);
            a7 = a7.fma(m, c);
            a8 = a8.fma(m, c);
            a9 = a9.fma(m, c);
        }
        FloatVector sum = a0.add(a1).add(a2.add(a3)).add(a4.add(a5).add(a6.add(a7))).add(a8.add(a9));
        return sum.reduceLanes(ADD);
    }

    @Benchmark
    @OperationsPerInvocation(STEPS * ACCUMULATORS)
    public float bits256() {
        FloatVector m = FloatVector.broadcast(BITS_256, x);
        FloatVector c = FloatVector.broadcast(BITS_256, y);
        FloatVector a0 = FloatVector.broadcast(BITS_256, 1f), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0;
        FloatVector a6 = a0, a7 = a0, a8 = a0, a9 = a0;
        for (int i = 0; i < STEPS; i++) {
            a0 = a0.fma(m, c);
            a1 = a1.fma(m, c);
            a2 = a2.fma(m, c);
            a3 = a3.fma(m, c);
            a4 = a4.fma(m, c);
            a5 = a5.fma(m, c);
            a6 = a6.fma(m, c);
            a7 = a7.fma(m, c);
            a8 = a8.fma(m, c);
            a9 = a9.fma(m, c);
        }
        FloatVector sum = a0.add(a1).add(a2.add(a3)).add(a4.add(a5).add(a6.add(a7))).add(a8.add(a9));
        return sum.reduceLanes(ADD);
    }
}
