package dev.backflow.bench.gate;

import dev.backflow.Kernels;
import dev.backflow.bench.harness.JarBuild;
import dev.backflow.bench.harness.Kernel;
import dev.backflow.bench.harness.MatmulPeer;
import dev.backflow.bench.harness.Sizes;
import dev.backflow.bench.harness.Verify;
import dev.backflow.bench.jmh.ElementwiseBase;
import dev.backflow.bench.jmh.MatmulBase;
import dev.backflow.bench.paired.PairedRunner;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.util.SplittableRandom;

/**
 * One gate row's work on one Backflow build, loaded by {@link JarBuild}: {@link #call()} runs the build's
 * kernel once on fixed data (the outputs keep accumulating, as in the JMH suites), {@link #check(String)}
 * runs it once on fresh outputs against the bench's own scalar kernels (the elementwise kernels bit for bit,
 * matmul within its bound), so that a build that computes something else cannot pass for fast. Both sides of
 * the gate are reached the same way, through a method handle, so the call's cost is the same on both.
 */
abstract class GateWorkload {

    /** One call of the row's kernel. */
    abstract void call();

    /** Throws IllegalStateException, naming {@code when}, unless one call on fresh outputs is right. */
    abstract void check(String when);

    /**
     * The row's work on each build, {base, candidate}, on the same arrays: a streaming kernel's speed depends on
     * where its arrays lie (a vector load that crosses a cache line costs more), so two sides with arrays of
     * their own would differ by their alignment, by up to a fifth at L2 on Zen 3, which no number of pairs
     * averages away quickly. Sharing the arrays makes that the same on both sides; the outputs keep
     * accumulating from both, which changes the values, not the work.
     */
    static GateWorkload[] of(GateRow row, JarBuild base, JarBuild cand) {
        if (row.matmul()) {
            PairedRunner.Reference ref = PairedRunner.reference(row.shape());
            MatmulPeer.Problem problem = MatmulBase.copy(ref.start());
            return new GateWorkload[] {new Matmul(base, ref, problem), new Matmul(cand, ref, problem)};
        }
        Data data = new Data(row.kernel());
        return new GateWorkload[] {new Elementwise(row.kernel(), base, data),
            new Elementwise(row.kernel(), cand, data)};
    }

    private static final class Matmul extends GateWorkload {
        private final MatmulPeer peer;
        private final PairedRunner.Reference ref;
        private final MatmulPeer.Problem problem;

        Matmul(JarBuild build, PairedRunner.Reference ref, MatmulPeer.Problem problem) {
            peer = build.peer(1);
            this.ref = ref;
            this.problem = problem;
        }

        @Override
        void call() {
            peer.run(problem, true, true);
        }

        @Override
        void check(String when) {
            PairedRunner.check(when, peer, ref, true, true);
        }
    }

    /** An elementwise row's arrays: inputs dz (copies × n), a, b; outputs dx, dy. */
    private record Data(int n, int copies, float[] dz, float[] a, float[] b, float[] dx, float[] dy) {
        Data(Kernel kernel) {
            this(Sizes.n(kernel, GateRow.LEVEL), Sizes.copies(kernel), new SplittableRandom(42), kernel);
        }

        private Data(int n, int copies, SplittableRandom r, Kernel kernel) {
            this(n, copies, Verify.random(r, copies * n), inputs(r, n, kernel), Verify.random(r, n),
                    Verify.random(r, n), Verify.random(r, n));
        }

        /** a: for sigmoid its output, which lies in [0, 1]. */
        private static float[] inputs(SplittableRandom r, int n, Kernel kernel) {
            float[] a = Verify.random(r, n);
            if (kernel == Kernel.SIGMOID) {
                for (int i = 0; i < n; i++) {
                    a[i] = Math.abs(a[i]);
                }
            }
            return a;
        }
    }

    private static final class Elementwise extends GateWorkload {
        private static final MethodType BINARY = MethodType.methodType(void.class, float[].class, int.class,
                float[].class, int.class, float[].class, int.class, float[].class, int.class, float[].class,
                int.class, int.class);
        private static final MethodType UNARY = MethodType.methodType(void.class, float[].class, int.class,
                float[].class, int.class, float[].class, int.class, int.class);
        private static final MethodType ADD = MethodType.methodType(void.class, float[].class, int.class,
                float[].class, int.class, float[].class, int.class, int.class);
        private static final MethodType COPY = MethodType.methodType(void.class, float[].class, int.class,
                int.class, float[].class, int.class, int.class);

        private final Kernel kernel;
        private final MethodHandle handle;
        private final int n;
        private final int copies;
        private final float[] dz;
        private final float[] a;
        private final float[] b;
        private final float[] dx;
        private final float[] dy;

        Elementwise(Kernel kernel, JarBuild build, Data data) {
            this.kernel = kernel;
            n = data.n();
            copies = data.copies();
            handle = switch (kernel) {
                case ADD -> build.kernel("addBackward", ADD);
                case MUL -> build.kernel("mulBackward", BINARY);
                case MAX -> build.kernel("maxBackward", BINARY);
                case RELU -> build.kernel("reluBackward", UNARY);
                case SIGMOID -> build.kernel("sigmoidBackward", UNARY);
                case COPY2, COPY_BIAS -> build.kernel("copyBackward", COPY);
                case MATMUL -> throw new IllegalArgumentException("not an elementwise kernel: " + kernel);
            };
            dz = data.dz();
            a = data.a();
            b = data.b();
            dx = data.dx();
            dy = data.dy();
        }

        @Override
        void call() {
            run(dx, dy);
        }

        @Override
        void check(String when) {
            float[] refX = dx.clone();
            float[] refY = dy.clone();
            scalar(refX, refY);
            float[] gotX = dx.clone();
            float[] gotY = dy.clone();
            run(gotX, gotY);
            Verify.sameBits(when + ": " + kernel + " dx", refX, gotX);
            Verify.sameBits(when + ": " + kernel + " dy", refY, gotY);
        }

        private void scalar(float[] gx, float[] gy) {
            ElementwiseBase.call(kernel, Kernels.scalar(), dz, a, b, copies, n, gx, gy);
        }

        private void run(float[] gx, float[] gy) {
            try {
                switch (kernel) {
                    case ADD -> handle.invokeExact(dz, 0, gx, 0, gy, 0, n);
                    case MUL, MAX -> handle.invokeExact(dz, 0, a, 0, b, 0, gx, 0, gy, 0, n);
                    case RELU, SIGMOID -> handle.invokeExact(dz, 0, a, 0, gx, 0, n);
                    default -> handle.invokeExact(dz, 0, copies, gx, 0, n);
                }
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }
    }
}
