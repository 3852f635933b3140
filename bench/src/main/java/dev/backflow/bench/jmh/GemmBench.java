package dev.backflow.bench.jmh;

import dev.backflow.Kernels;
import dev.backflow.bench.harness.MatmulPeer;
import dev.backflow.bench.harness.Shapes;
import dev.backflow.bench.harness.Verify;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The forward product C += op(A)·op(B) ({@code BackwardKernels.sgemm} with alpha = beta = 1) in every transpose
 * combination, Backflow's vector form beside the BLAS peers and EJML, at square shapes and a layer's shapes
 * (batch × 784 inputs × 256 outputs). Setup checks one call of each against Backflow's scalar reference; the
 * measured calls keep accumulating into the same C, as the matmul suites do.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// Native access: netlib-java loads OpenBLAS through JNI, and the fork sets OpenBLAS's thread count through
// the foreign function API (OpenBlasThreads); without the flag the JDK warns at each.
@Fork(value = 2, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class GemmBench {

    @Param({"vector", "netlib-vector", "ejml", "openblas"})
    public String impl;

    /** "256" is m = k = n = 256; "16x784x256" is m×k×n: C is m×n, the inner dimension k. */
    @Param({"64", "256", "1024", "16x784x256", "64x784x256"})
    public String shape;

    /** NN is A·B, NT is A·Bᵀ, TN is Aᵀ·B, TT is Aᵀ·Bᵀ. */
    @Param({"NN", "NT", "TN", "TT"})
    public String op;

    /** As {@link MatmulBase#threads}: EJML and VectorBLAS run on one thread only. */
    @Param({"1"})
    public int threads;

    MatmulPeer peer;
    MatmulPeer.GemmProblem problem;

    @Setup
    public void setup() {
        int[] d = Shapes.parse(shape, "shape");
        problem = MatmulPeer.GemmProblem.random(d[0], d[1], d[2], op, new SplittableRandom(11));
        peer = MatmulPeer.of(impl, threads);
        check(impl + " " + op + " " + shape, peer, problem);
    }

    /** One call of peer on a copy of g's C against the scalar kernels' call, within the matmul bound. */
    public static void check(String what, MatmulPeer peer, MatmulPeer.GemmProblem g) {
        MatmulPeer.GemmProblem ref = g.withOwnC();
        MatmulPeer.backflow(Kernels.scalar()).gemm(ref);
        MatmulPeer.GemmProblem got = g.withOwnC();
        peer.gemm(got);
        Verify.close(what, ref.c(), got.c(), g.k() + 1, g.k() + 1);
    }

    @Benchmark
    public void gemm() {
        peer.gemm(problem);
    }
}
