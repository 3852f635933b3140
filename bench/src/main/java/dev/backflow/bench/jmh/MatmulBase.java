package dev.backflow.bench.jmh;

import dev.backflow.Kernels;
import dev.backflow.bench.harness.MatmulPeer;
import dev.backflow.bench.harness.Shapes;
import dev.backflow.bench.harness.Verify;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * matmulBackward for one implementation, shape, product and thread count. Setup checks one call against
 * Backflow's scalar reference; the measured calls keep accumulating into the same outputs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public abstract class MatmulBase {

    /**
     * Any count from 1 to 256 (-p threads=2): Backflow's {@code Kernels.parallel(impl, threads)} and OpenBLAS
     * on that many threads; EJML and VectorBLAS run on one thread only, and fail setup at any other count.
     */
    @Param({"1"})
    public int threads;

    MatmulPeer peer;
    MatmulPeer.Problem problem;
    boolean dX;
    boolean dW;

    abstract String impl();

    abstract String shape();

    abstract String product();

    /** "256" is a square m = k = n = 256; "64x784x256" is m×k×n. */
    static int[] dims(String shape) {
        return Shapes.parse(shape, "shape");
    }

    @Setup
    public void setup() {
        int[] d = dims(shape());
        int m = d[0];
        int k = d[1];
        int n = d[2];
        dX = !product().equals("dW");
        dW = !product().equals("dX");
        SplittableRandom r = new SplittableRandom(11);
        problem = new MatmulPeer.Problem(m, k, n, Verify.random(r, m * n), Verify.random(r, m * k),
                Verify.random(r, k * n), Verify.random(r, m * k), Verify.random(r, k * n));
        peer = MatmulPeer.of(impl(), threads);
        MatmulPeer.Problem ref = copy(problem);
        MatmulPeer.backflow(Kernels.scalar()).run(ref, dX, dW);
        MatmulPeer.Problem got = copy(problem);
        peer.run(got, dX, dW);
        Verify.close(impl() + " dX", ref.dX(), got.dX(), n, n);
        Verify.close(impl() + " dW", ref.dW(), got.dW(), m, m);
    }

    public static MatmulPeer.Problem copy(MatmulPeer.Problem p) {
        return new MatmulPeer.Problem(p.m(), p.k(), p.n(), p.dY(), p.x(), p.w(), p.dX().clone(), p.dW().clone());
    }

    @Benchmark
    public void backward() {
        peer.run(problem, dX, dW);
    }
}
