package dev.backflow.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backflow.BackwardKernels;
import dev.backflow.Kernels;
import java.util.SplittableRandom;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Finite-difference gradient checks: for random inputs, the central difference of each gate's forward function,
 * computed in double on loss = Σ dz·z, agrees with the gradient the kernel accumulates into a zeroed output.
 * Kinks (x ≈ y for max, x ≈ 0 for relu) are kept away from the step.
 */
public class GradientCheckTest {

    protected BackwardKernels kernels() {
        return Kernels.scalar();
    }

    static final double H = 1e-3;
    static final double TOL = 1e-4; // relative to the gradient's magnitude, plus the same absolutely

    private final SplittableRandom rnd = new SplittableRandom(20261127);

    private float[] random(int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rnd.nextDouble(-2, 2);
        }
        return a;
    }

    /**
     * Central difference of the loss with respect to element i of a, in double. The shifted value is rounded
     * to float (the array is float), so the step actually taken is measured rather than assumed.
     */
    private static double numeric(float[] a, int i, Supplier<Double> loss) {
        float keep = a[i];
        a[i] = (float) (keep + H);
        double up = loss.get();
        double stepUp = (double) a[i] - keep;
        a[i] = (float) (keep - H);
        double down = loss.get();
        double stepDown = keep - (double) a[i];
        a[i] = keep;
        return (up - down) / (stepUp + stepDown);
    }

    private static void near(double expected, float actual, String what) {
        assertEquals(expected, actual, TOL * (1 + Math.abs(expected)), what);
    }

    @Test
    void addMulMaxAgreeWithCentralDifferences() {
        int n = 64;
        float[] dz = random(n);
        float[] x = random(n);
        float[] y = random(n);
        for (int i = 0; i < n; i++) {
            if (Math.abs(x[i] - y[i]) < 10 * H) {
                y[i] = x[i] + 0.5f; // away from max's kink
            }
        }
        BackwardKernels k = kernels();
        float[][] g = new float[6][n];
        k.addBackward(dz, 0, g[0], 0, g[1], 0, n);
        k.mulBackward(dz, 0, x, 0, y, 0, g[2], 0, g[3], 0, n);
        k.maxBackward(dz, 0, x, 0, y, 0, g[4], 0, g[5], 0, n);
        for (int i = 0; i < n; i++) {
            near(numeric(x, i, () -> loss(dz, x, y, Double::sum)), g[0][i], "add dx " + i);
            near(numeric(y, i, () -> loss(dz, x, y, Double::sum)), g[1][i], "add dy " + i);
            near(numeric(x, i, () -> loss(dz, x, y, (a, b) -> a * b)), g[2][i], "mul dx " + i);
            near(numeric(y, i, () -> loss(dz, x, y, (a, b) -> a * b)), g[3][i], "mul dy " + i);
            near(numeric(x, i, () -> loss(dz, x, y, Math::max)), g[4][i], "max dx " + i);
            near(numeric(y, i, () -> loss(dz, x, y, Math::max)), g[5][i], "max dy " + i);
        }
    }

    private static double loss(float[] dz, float[] x, float[] y, DoubleBinaryOperator f) {
        double sum = 0;
        for (int i = 0; i < dz.length; i++) {
            sum += dz[i] * f.applyAsDouble(x[i], y[i]);
        }
        return sum;
    }

    private static double loss(float[] dz, float[] x, DoubleUnaryOperator f) {
        double sum = 0;
        for (int i = 0; i < dz.length; i++) {
            sum += dz[i] * f.applyAsDouble(x[i]);
        }
        return sum;
    }

    @Test
    void reluAndSigmoidAgreeWithCentralDifferences() {
        int n = 64;
        float[] dz = random(n);
        float[] x = random(n);
        for (int i = 0; i < n; i++) {
            if (Math.abs(x[i]) < 10 * H) {
                x[i] = 0.5f;
            }
        }
        DoubleUnaryOperator relu = v -> Math.max(v, 0);
        DoubleUnaryOperator sigma = v -> 1 / (1 + Math.exp(-v));
        float[] s = new float[n];
        for (int i = 0; i < n; i++) {
            s[i] = (float) sigma.applyAsDouble(x[i]);
        }
        float[] dRelu = new float[n];
        float[] dSig = new float[n];
        kernels().reluBackward(dz, x, dRelu);
        kernels().sigmoidBackward(dz, s, dSig);
        for (int i = 0; i < n; i++) {
            near(numeric(x, i, () -> loss(dz, x, relu)), dRelu[i], "relu dx " + i);
            near(numeric(x, i, () -> loss(dz, x, sigma)), dSig[i], "sigmoid dx " + i);
        }
    }

    @Test
    void copyAgreesWithCentralDifferences() {
        int n = 16;
        int copies = 5;
        float[] dz = random(copies * n);
        float[] x = random(n);
        float[] dx = new float[n];
        kernels().copyBackward(dz, copies, dx);
        for (int j = 0; j < n; j++) {
            // forward: z_c = x for each copy; loss = Σ_c Σ_j dz[c][j]·x[j]
            near(numeric(x, j, () -> {
                double sum = 0;
                for (int c = 0; c < copies; c++) {
                    for (int i = 0; i < n; i++) {
                        sum += dz[c * n + i] * (double) x[i];
                    }
                }
                return sum;
            }), dx[j], "copy dx " + j);
        }
    }

    @Test
    void matmulAgreesWithCentralDifferences() {
        int m = 5;
        int kk = 7;
        int n = 3;
        float[] x = random(m * kk);
        float[] w = random(kk * n);
        float[] dY = random(m * n);
        float[] dX = new float[m * kk];
        float[] dW = new float[kk * n];
        kernels().matmulBackward(dY, x, w, dX, dW, m, kk, n);
        Supplier<Double> loss = () -> {
            double sum = 0;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double yij = 0;
                    for (int p = 0; p < kk; p++) {
                        yij += (double) x[i * kk + p] * w[p * n + j];
                    }
                    sum += dY[i * n + j] * yij;
                }
            }
            return sum;
        };
        for (int i = 0; i < x.length; i++) {
            near(numeric(x, i, loss), dX[i], "dX " + i);
        }
        for (int i = 0; i < w.length; i++) {
            near(numeric(w, i, loss), dW[i], "dW " + i);
        }
    }
}
