package dev.backflow.spi;

import static dev.backflow.internal.Checks.nonNegative;
import static dev.backflow.internal.Checks.nonNull;
import static dev.backflow.internal.Checks.outputApartFromInput;
import static dev.backflow.internal.Checks.outputsApartOrSame;
import static dev.backflow.internal.Checks.product;
import static dev.backflow.internal.Checks.range;

import dev.backflow.BackwardKernels;
import dev.backflow.internal.Checks;

/**
 * Base of every implementation: checks each call's arguments once, against every rule of the
 * {@link BackwardKernels} contract, then calls a kernel that may assume valid, non-overlapping input and sizes
 * above zero. Zero sizes return before any kernel is called. The checks allocate nothing.
 *
 * <p>The {@code *Kernel} methods are all that an implementation writes.
 */
public abstract class CheckedBackwardKernels implements BackwardKernels {

    protected CheckedBackwardKernels() {}

    @Override
    public final void addBackward(float[] dz, int dzOff, float[] dx, int dxOff, float[] dy, int dyOff, int n) {
        nonNull("dz", dz);
        nonNull("dx", dx);
        nonNull("dy", dy);
        nonNegative("n", n);
        range("dz", dz, dzOff, n);
        range("dx", dx, dxOff, n);
        range("dy", dy, dyOff, n);
        outputApartFromInput("dx", dx, dxOff, n, "dz", dz, dzOff, n);
        outputApartFromInput("dy", dy, dyOff, n, "dz", dz, dzOff, n);
        outputsApartOrSame("dx", dx, dxOff, n, "dy", dy, dyOff, n);
        if (n > 0) {
            addKernel(dz, dzOff, dx, dxOff, dy, dyOff, n);
        }
    }

    @Override
    public final void mulBackward(float[] dz, int dzOff, float[] x, int xOff, float[] y, int yOff,
                                  float[] dx, int dxOff, float[] dy, int dyOff, int n) {
        checkBinary(dz, dzOff, x, xOff, y, yOff, dx, dxOff, dy, dyOff, n);
        if (n > 0) {
            mulKernel(dz, dzOff, x, xOff, y, yOff, dx, dxOff, dy, dyOff, n);
        }
    }

    @Override
    public final void maxBackward(float[] dz, int dzOff, float[] x, int xOff, float[] y, int yOff,
                                  float[] dx, int dxOff, float[] dy, int dyOff, int n) {
        checkBinary(dz, dzOff, x, xOff, y, yOff, dx, dxOff, dy, dyOff, n);
        if (n > 0) {
            maxKernel(dz, dzOff, x, xOff, y, yOff, dx, dxOff, dy, dyOff, n);
        }
    }

    @Override
    public final void reluBackward(float[] dz, int dzOff, float[] x, int xOff, float[] dx, int dxOff, int n) {
        checkUnary(dz, dzOff, "x", x, xOff, dx, dxOff, n);
        if (n > 0) {
            reluKernel(dz, dzOff, x, xOff, dx, dxOff, n);
        }
    }

    @Override
    public final void sigmoidBackward(float[] dz, int dzOff, float[] s, int sOff, float[] dx, int dxOff, int n) {
        checkUnary(dz, dzOff, "s", s, sOff, dx, dxOff, n);
        if (n > 0) {
            sigmoidKernel(dz, dzOff, s, sOff, dx, dxOff, n);
        }
    }

    @Override
    public final void copyBackward(float[] dz, int dzOff, int copies, float[] dx, int dxOff, int n) {
        nonNull("dz", dz);
        nonNull("dx", dx);
        nonNegative("copies", copies);
        nonNegative("n", n);
        int block = product("copies * n", copies, n);
        range("dz", dz, dzOff, block);
        range("dx", dx, dxOff, n);
        outputApartFromInput("dx", dx, dxOff, n, "dz", dz, dzOff, block);
        if (block > 0) {
            copyKernel(dz, dzOff, copies, dx, dxOff, n);
        }
    }

    @Override
    public final void matmulBackward(float[] dY, int dYOff, float[] x, int xOff, float[] w, int wOff,
                                     float[] dX, int dXOff, float[] dW, int dWOff, int m, int k, int n) {
        Checks.matmulOperands(dY, x, w, dX, dW, m, k, n);
        int mk = product("m * k", m, k);
        int kn = product("k * n", k, n);
        int mn = product("m * n", m, n);
        range("dY", dY, dYOff, mn);
        if (dX != null) {
            range("w", w, wOff, kn);
            range("dX", dX, dXOff, mk);
            outputApartFromInput("dX", dX, dXOff, mk, "dY", dY, dYOff, mn);
            outputApartFromInput("dX", dX, dXOff, mk, "w", w, wOff, kn);
            if (dW != null) {
                outputApartFromInput("dX", dX, dXOff, mk, "x", x, xOff, mk);
            }
        }
        if (dW != null) {
            range("x", x, xOff, mk);
            range("dW", dW, dWOff, kn);
            outputApartFromInput("dW", dW, dWOff, kn, "dY", dY, dYOff, mn);
            outputApartFromInput("dW", dW, dWOff, kn, "x", x, xOff, mk);
            if (dX != null) {
                outputApartFromInput("dW", dW, dWOff, kn, "w", w, wOff, kn);
                outputsApartOrSame("dX", dX, dXOff, mk, "dW", dW, dWOff, kn);
            }
        }
        if (mk > 0 && n > 0 && (dX != null || dW != null)) {
            matmulKernel(dY, dYOff, x, xOff, w, wOff, dX, dXOff, dW, dWOff, m, k, n);
        }
    }

    private static void checkBinary(float[] dz, int dzOff, float[] x, int xOff, float[] y, int yOff,
                                    float[] dx, int dxOff, float[] dy, int dyOff, int n) {
        nonNull("dz", dz);
        nonNull("x", x);
        nonNull("y", y);
        nonNull("dx", dx);
        nonNull("dy", dy);
        nonNegative("n", n);
        range("dz", dz, dzOff, n);
        range("x", x, xOff, n);
        range("y", y, yOff, n);
        range("dx", dx, dxOff, n);
        range("dy", dy, dyOff, n);
        outputApartFromInput("dx", dx, dxOff, n, "dz", dz, dzOff, n);
        outputApartFromInput("dx", dx, dxOff, n, "x", x, xOff, n);
        outputApartFromInput("dx", dx, dxOff, n, "y", y, yOff, n);
        outputApartFromInput("dy", dy, dyOff, n, "dz", dz, dzOff, n);
        outputApartFromInput("dy", dy, dyOff, n, "x", x, xOff, n);
        outputApartFromInput("dy", dy, dyOff, n, "y", y, yOff, n);
        outputsApartOrSame("dx", dx, dxOff, n, "dy", dy, dyOff, n);
    }

    private static void checkUnary(float[] dz, int dzOff, String inName, float[] in, int inOff,
                                   float[] dx, int dxOff, int n) {
        nonNull("dz", dz);
        nonNull(inName, in);
        nonNull("dx", dx);
        nonNegative("n", n);
        range("dz", dz, dzOff, n);
        range(inName, in, inOff, n);
        range("dx", dx, dxOff, n);
        outputApartFromInput("dx", dx, dxOff, n, "dz", dz, dzOff, n);
        outputApartFromInput("dx", dx, dxOff, n, inName, in, inOff, n);
    }

    /** {@link #addBackward}, on checked arguments with {@code n > 0}. */
    protected abstract void addKernel(float[] dz, int dzOff, float[] dx, int dxOff, float[] dy, int dyOff, int n);

    /** {@link #mulBackward}, on checked arguments with {@code n > 0}. */
    protected abstract void mulKernel(float[] dz, int dzOff, float[] x, int xOff, float[] y, int yOff,
                                      float[] dx, int dxOff, float[] dy, int dyOff, int n);

    /** {@link #maxBackward}, on checked arguments with {@code n > 0}. */
    protected abstract void maxKernel(float[] dz, int dzOff, float[] x, int xOff, float[] y, int yOff,
                                      float[] dx, int dxOff, float[] dy, int dyOff, int n);

    /** {@link #reluBackward}, on checked arguments with {@code n > 0}. */
    protected abstract void reluKernel(float[] dz, int dzOff, float[] x, int xOff, float[] dx, int dxOff, int n);

    /** {@link #sigmoidBackward}, on checked arguments with {@code n > 0}. */
    protected abstract void sigmoidKernel(float[] dz, int dzOff, float[] s, int sOff, float[] dx, int dxOff, int n);

    /** {@link #copyBackward}, on checked arguments with {@code copies > 0} and {@code n > 0}. */
    protected abstract void copyKernel(float[] dz, int dzOff, int copies, float[] dx, int dxOff, int n);

    /**
     * {@link #matmulBackward}, on checked arguments with {@code m, k, n > 0} and at least one of {@code dX},
     * {@code dW} not {@code null} (a {@code null} one is skipped).
     */
    protected abstract void matmulKernel(float[] dY, int dYOff, float[] x, int xOff, float[] w, int wOff,
                                         float[] dX, int dXOff, float[] dW, int dWOff, int m, int k, int n);

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + name() + "]";
    }
}
