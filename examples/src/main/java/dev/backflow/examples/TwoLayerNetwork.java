package dev.backflow.examples;

import dev.backflow.BackwardKernels;
import dev.backflow.Kernels;
import java.util.Arrays;
import java.util.List;

/**
 * The backward pass of a two-layer network with Backflow's kernels: y = relu(x·W1 + b1)·W2 + b2, loss =
 * ½·|y − target|² averaged over the batch. It checks the gradients against finite differences, then trains
 * with a few steps of gradient descent. Run it with {@code java --add-modules jdk.incubator.vector}.
 */
public final class TwoLayerNetwork {
    static final int BATCH = 8, IN = 4, HIDDEN = 16, OUT = 2;

    // The parameters and their gradients, row-major: W1 is IN×HIDDEN, W2 is HIDDEN×OUT.
    final float[] w1 = values(IN * HIDDEN, 1, 0.5f), b1 = values(HIDDEN, 2, 0.1f);
    final float[] w2 = values(HIDDEN * OUT, 3, 0.25f), b2 = values(OUT, 4, 0.1f);
    final float[] dW1 = new float[w1.length], db1 = new float[b1.length];
    final float[] dW2 = new float[w2.length], db2 = new float[b2.length];
    final float[][] params = {w1, b1, w2, b2}, grads = {dW1, db1, dW2, db2};
    // What the forward pass keeps for the backward pass (h = x·W1 + b1, a = relu(h)), and their gradients.
    final float[] h = new float[BATCH * HIDDEN], a = new float[BATCH * HIDDEN], y = new float[BATCH * OUT];
    final float[] dH = new float[h.length], dA = new float[a.length], dY = new float[y.length];

    /** Made-up but deterministic values in [-scale, scale]. */
    static float[] values(int n, int seed, float scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = scale * (float) Math.sin(seed * 1000 + i * 0.7);
        }
        return v;
    }

    /** Runs the network on x (BATCH×IN) and returns the loss; keeps h, a and y. */
    double forward(float[] x, float[] target) {
        for (int r = 0; r < BATCH; r++) {
            for (int j = 0; j < HIDDEN; j++) {
                float s = b1[j];
                for (int p = 0; p < IN; p++) {
                    s += x[r * IN + p] * w1[p * HIDDEN + j];
                }
                h[r * HIDDEN + j] = s;
                a[r * HIDDEN + j] = Math.max(s, 0f);
            }
            for (int j = 0; j < OUT; j++) {
                float s = b2[j];
                for (int p = 0; p < HIDDEN; p++) {
                    s += a[r * HIDDEN + p] * w2[p * OUT + j];
                }
                y[r * OUT + j] = s;
            }
        }
        double loss = 0;
        for (int i = 0; i < y.length; i++) {
            double e = y[i] - target[i];
            loss += 0.5 * e * e;
        }
        return loss / BATCH;
    }

    /** Sets the gradients of the parameters for the last forward pass: Backflow's kernels do all the work. */
    void backward(BackwardKernels k, float[] x, float[] target) {
        for (float[] g : List.of(dW1, db1, dW2, db2, dA, dH)) {
            Arrays.fill(g, 0f); // the kernels accumulate (+=), so start from zero
        }
        for (int i = 0; i < y.length; i++) {
            dY[i] = (y[i] - target[i]) / BATCH; // the loss's gradient with respect to y
        }
        k.matmulBackward(dY, a, w2, dA, dW2, BATCH, HIDDEN, OUT); // y = a·W2: dA += dY·W2ᵀ, dW2 += aᵀ·dY
        k.copyBackward(dY, BATCH, db2);                            // b2 was added to each row: db2 += Σ rows of dY
        k.reluBackward(dA, h, dH);                                 // a = relu(h): dH += dA where h > 0
        k.matmulBackward(dH, x, w1, null, dW1, BATCH, IN, HIDDEN); // h = x·W1: dW1 += xᵀ·dH (x needs no gradient)
        k.copyBackward(dH, BATCH, db1);                            // db1 += Σ rows of dH
    }

    /**
     * The largest difference between backward's gradient and a central finite difference, over every parameter.
     * The step is small enough that no h crosses 0, where relu's slope jumps.
     */
    double gradientCheck(BackwardKernels k, float[] x, float[] target) {
        forward(x, target);
        backward(k, x, target);
        double worst = 0;
        for (int q = 0; q < params.length; q++) {
            for (int i = 0; i < params[q].length; i++) {
                float saved = params[q][i], up = saved + 1e-3f, down = saved - 1e-3f;
                params[q][i] = up;
                double lossUp = forward(x, target);
                params[q][i] = down;
                double lossDown = forward(x, target);
                params[q][i] = saved;
                double numeric = (lossUp - lossDown) / ((double) up - down);
                worst = Math.max(worst, Math.abs(numeric - grads[q][i]));
            }
        }
        return worst;
    }

    public static void main(String[] args) {
        BackwardKernels kernels = Kernels.best(); // "vector" when the Vector API can run, else "scalar"
        System.out.println("kernels: " + kernels.name());
        float[] x = values(BATCH * IN, 5, 1f), target = values(BATCH * OUT, 6, 0.5f);
        TwoLayerNetwork net = new TwoLayerNetwork();
        System.out.printf("gradient check: largest |backward - finite difference| = %.1e%n",
                net.gradientCheck(kernels, x, target));
        for (int step = 0; step <= 100; step++) {
            double loss = net.forward(x, target);
            if (step % 20 == 0) {
                System.out.printf("step %3d: loss %.5f%n", step, loss);
            }
            net.backward(kernels, x, target);
            for (int q = 0; q < net.params.length; q++) {
                for (int i = 0; i < net.params[q].length; i++) {
                    net.params[q][i] -= 0.1f * net.grads[q][i]; // a step of gradient descent
                }
            }
        }
    }
}
