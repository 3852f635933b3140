package dev.backflow.simd;

import dev.backflow.BackwardKernels;
import dev.backflow.Kernels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A child JVM's main (run with a small heap): fills the heap but for {@code args[0]} KiB, calls
 * {@link Kernels#best()}, then frees the heap and checks that the chosen kernels compute right. With
 * {@code --log-first} as {@code args[1]}, it logs a line before filling the heap. Prints
 * {@code best: NAME} (or {@code best threw: ...}) and {@code calls: ok} (or what went wrong).
 */
public final class OutOfMemoryChild {
    private OutOfMemoryChild() {}

    private static final int CHUNK = 64 * 1024;

    public static void main(String[] args) {
        int slackKiB = Integer.parseInt(args[0]);
        // Done before the heap is filled, so that the checks (the MXBean, the Vector API's species) have run
        // once and what fails for want of heap is the kernels' initialisation in create().
        System.out.println("checks: " + new VectorKernelProvider().unusableReason().orElse("none"));
        if (args.length > 1 && args[1].equals("--log-first")) {
            // an application that has logged before: the JDK's logging is initialised (its first use takes
            // more heap than the kernels' warm-up)
            System.getLogger("dev.backflow.test").log(System.Logger.Level.INFO, "logging is initialised");
        }
        List<byte[]> hog = new ArrayList<>(1 << 16);
        try {
            while (true) {
                hog.add(new byte[CHUNK]);
            }
        } catch (OutOfMemoryError full) {
            // the heap is full of chunks
        }
        for (int freed = 0; freed < slackKiB * 1024 && !hog.isEmpty(); freed += CHUNK) {
            hog.remove(hog.size() - 1);
        }
        BackwardKernels kernels = null;
        Throwable thrown = null;
        try {
            kernels = Kernels.best();
        } catch (Throwable t) {
            thrown = t;
        }
        hog = null;
        System.gc();
        // the line is made only now, with the heap free: its string concatenation's first use (an invokedynamic
        // bootstrap) once ran out of heap itself, after best() had returned scalar, and read as "best threw"
        System.out.println(thrown == null ? "best: " + kernels.name() : "best threw: " + thrown);
        try {
            if (kernels == null) {
                kernels = Kernels.best();
            }
            System.out.println("calls: " + calls(kernels) + "; best again: " + Kernels.best().name());
        } catch (Throwable t) {
            System.out.println("calls: threw " + t);
        }
    }

    /** One elementwise call and one matmul, checked against values worked by hand. */
    private static String calls(BackwardKernels k) {
        float[] dz = {1, 2, 3};
        float[] dx = new float[3];
        float[] dy = {1, 1, 1};
        k.addBackward(dz, dx, dy);
        if (!Arrays.equals(dx, new float[] {1, 2, 3}) || !Arrays.equals(dy, new float[] {2, 3, 4})) {
            return "add gave " + Arrays.toString(dx) + " " + Arrays.toString(dy);
        }
        // Y = X·W with X 1×2, W 2×2: dX = dY·Wᵀ, dW = Xᵀ·dY
        float[] dX = new float[2];
        float[] dW = new float[4];
        k.matmulBackward(new float[] {1, 2}, new float[] {3, 4}, new float[] {1, 2, 3, 4}, dX, dW, 1, 2, 2);
        if (!Arrays.equals(dX, new float[] {5, 11}) || !Arrays.equals(dW, new float[] {3, 6, 4, 8})) {
            return "matmul gave " + Arrays.toString(dX) + " " + Arrays.toString(dW);
        }
        return "ok";
    }
}
