package dev.backflow.bench.jmh;

import dev.backflow.BackwardKernels;
import dev.backflow.Kernels;
import dev.backflow.bench.harness.Kernel;
import dev.backflow.bench.harness.Level;
import dev.backflow.bench.harness.Sizes;
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
 * One elementwise kernel at one working-set size, for one implementation and thread count (given by the
 * subclass). The arrays are filled with ordinary values once; every call accumulates into the same outputs,
 * which stay finite and normal. Setup checks that one call gives the scalar reference's bits.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public abstract class ElementwiseBase {

    @Param({"add", "mul", "max", "relu", "sigmoid", "copy2", "copyBias"})
    public String kernel;

    @Param({"L1", "L2", "L3", "DRAM"})
    public String size;

    float[] dz;
    float[] a;
    float[] b;
    float[] dx;
    float[] dy;
    int n;
    int copies;
    Kernel op;
    BackwardKernels kernels;

    abstract String impl();

    /** The thread count: {@code Kernels.parallel(impl, threads)}; 1 is the single-threaded kernels themselves. */
    int threads() {
        return 1;
    }

    @Setup
    public void setup() {
        kernels = Verify.kernels(impl(), threads());
        op = Kernel.fromName(kernel);
        n = Sizes.n(op, Level.fromName(size));
        copies = Sizes.copies(op);
        SplittableRandom r = new SplittableRandom(42);
        dz = Verify.random(r, copies * n);
        a = Verify.random(r, n);
        b = Verify.random(r, n);
        dx = Verify.random(r, n);
        dy = Verify.random(r, n);
        if (op == Kernel.SIGMOID) {
            for (int i = 0; i < n; i++) {
                a[i] = Math.abs(a[i]); // a sigmoid's output lies in [0, 1]
            }
        }
        float[] refX = dx.clone();
        float[] refY = dy.clone();
        call(Kernels.scalar(), refX, refY);
        float[] gotX = dx.clone();
        float[] gotY = dy.clone();
        call(kernels, gotX, gotY);
        Verify.sameBits(kernel + " dx", refX, gotX);
        Verify.sameBits(kernel + " dy", refY, gotY);
    }

    void call(BackwardKernels k, float[] gx, float[] gy) {
        call(op, k, dz, a, b, copies, n, gx, gy);
    }

    /**
     * One call of the named kernel on these arrays: dz (copies × n), the inputs a and b (those the kernel
     * reads), the outputs gx and gy (gy where the kernel has a second output).
     */
    public static void call(Kernel kernel, BackwardKernels k, float[] dz, float[] a, float[] b, int copies, int n,
                     float[] gx, float[] gy) {
        switch (kernel) {
            case ADD -> k.addBackward(dz, 0, gx, 0, gy, 0, n);
            case MUL -> k.mulBackward(dz, 0, a, 0, b, 0, gx, 0, gy, 0, n);
            case MAX -> k.maxBackward(dz, 0, a, 0, b, 0, gx, 0, gy, 0, n);
            case RELU -> k.reluBackward(dz, 0, a, 0, gx, 0, n);
            case SIGMOID -> k.sigmoidBackward(dz, 0, a, 0, gx, 0, n);
            case COPY2, COPY_BIAS -> k.copyBackward(dz, 0, copies, gx, 0, n);
            case MATMUL -> throw new IllegalArgumentException("not an elementwise kernel: " + kernel);
        }
    }

    @Benchmark
    public void backward() {
        call(kernels, dx, dy);
    }
}
