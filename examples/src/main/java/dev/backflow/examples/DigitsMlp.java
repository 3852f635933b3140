package dev.backflow.examples;

import dev.backflow.BackwardKernels;
import dev.backflow.Kernels;
import java.util.Arrays;

/**
 * Trains a multi-layer perceptron on the handwritten digits with Backflow: 64 pixels → 128 (ReLU) → 10 logits,
 * softmax cross-entropy averaged over the batch, plain mini-batch SGD. The forward products go through
 * Backflow's {@code sgemm}, the backward pass through its backward kernels; only ReLU, the loss and the update
 * are plain Java. The images are shuffled once; the first 1500 train, the other 297 test.
 * {@code scripts/train-digits.py} trains the same network in PyTorch from the same initial weights, on the
 * same batches in the same order (both come from {@link SplitMix64} with the same seed, as does the shuffle),
 * and {@code DigitsMlpTest} compares the two runs. Run it with {@code java --add-modules jdk.incubator.vector}.
 */
public final class DigitsMlp {
    static final int IN = Digits.PIXELS, HIDDEN = 128, OUT = Digits.CLASSES;
    static final int TRAIN = 1500, BATCH = 32, EPOCHS = 20;
    static final float LEARNING_RATE = 0.1f;
    /** The seed of the shuffle that splits the data, then of the initial weights, then of every epoch's order. */
    static final long SEED = 2;

    private final BackwardKernels kernels;
    private final int batch;
    // The parameters and their gradients, row-major: W1 is IN×HIDDEN, W2 is HIDDEN×OUT (a layer is x·W + b).
    final float[] w1 = new float[IN * HIDDEN], b1 = new float[HIDDEN], w2 = new float[HIDDEN * OUT];
    final float[] b2 = new float[OUT];
    final float[] dW1 = new float[w1.length], db1 = new float[b1.length], dW2 = new float[w2.length];
    final float[] db2 = new float[b2.length];
    final float[][] params = {w1, b1, w2, b2}, grads = {dW1, db1, dW2, db2};
    // One batch: its images and labels, what the forward pass keeps (h = x·W1 + b1, a = relu(h),
    // logits = a·W2 + b2) and the gradients of the loss with respect to them.
    private final float[] x, h, a, logits, dLogits, dA, dH;
    private final int[] labels;

    /**
     * A network with PyTorch's default initial weights for a linear layer (uniform in ±1/√fan-in), drawn
     * from {@code random} in the order W1, b1, W2, b2, each row-major.
     */
    DigitsMlp(BackwardKernels kernels, int batch, SplitMix64 random) {
        this.kernels = kernels;
        this.batch = batch;
        uniform(random, w1, IN);
        uniform(random, b1, IN);
        uniform(random, w2, HIDDEN);
        uniform(random, b2, HIDDEN);
        x = new float[batch * IN];
        h = new float[batch * HIDDEN];
        a = new float[h.length];
        dA = new float[h.length];
        dH = new float[h.length];
        logits = new float[batch * OUT];
        dLogits = new float[logits.length];
        labels = new int[batch];
    }

    /** Values uniform in ±1/√fanIn, computed in double and rounded to float (the script does the same). */
    static void uniform(SplitMix64 random, float[] values, int fanIn) {
        double bound = 1 / Math.sqrt(fanIn);
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) ((2 * random.nextDouble() - 1) * bound);
        }
    }

    /**
     * The forward pass on m images (x, m×IN): sets h, a (m×HIDDEN) and logits (m×OUT). Each layer starts
     * from its bias in every row, and sgemm adds x·W to it (C = 1·A·B + 1·C: the product, rounded, plus the
     * bias, as PyTorch's {@code x @ w + b}).
     */
    void forward(float[] x, int m, float[] h, float[] a, float[] logits) {
        fillRows(b1, h, m);
        kernels.sgemm(false, false, m, HIDDEN, IN, 1f, x, 0, IN, w1, 0, HIDDEN, 1f, h, 0, HIDDEN);
        for (int i = 0; i < m * HIDDEN; i++) {
            a[i] = Math.max(h[i], 0f);
        }
        fillRows(b2, logits, m);
        kernels.sgemm(false, false, m, OUT, HIDDEN, 1f, a, 0, HIDDEN, w2, 0, OUT, 1f, logits, 0, OUT);
    }

    private static void fillRows(float[] row, float[] matrix, int rows) {
        for (int r = 0; r < rows; r++) {
            System.arraycopy(row, 0, matrix, r * row.length, row.length);
        }
    }

    /**
     * The mean over the batch of the cross-entropy of softmax(logits) against the labels (computed in double),
     * and its gradient with respect to the logits, (softmax − one-hot)/batch, into dLogits.
     */
    double crossEntropy() {
        double loss = 0;
        for (int r = 0; r < batch; r++) {
            int row = r * OUT;
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int j = 0; j < OUT; j++) {
                max = Math.max(max, logits[row + j]);
            }
            for (int j = 0; j < OUT; j++) {
                sum += Math.exp(logits[row + j] - max);
            }
            loss += Math.log(sum) - (logits[row + labels[r]] - max);
            for (int j = 0; j < OUT; j++) {
                double p = Math.exp(logits[row + j] - max) / sum;
                dLogits[row + j] = (float) ((p - (j == labels[r] ? 1 : 0)) / batch);
            }
        }
        return loss / batch;
    }

    /** Sets the gradients of the parameters for the last forward pass: Backflow's kernels do all the work. */
    void backward() {
        for (float[] g : new float[][] {dW1, db1, dW2, db2, dA, dH}) {
            Arrays.fill(g, 0f); // the kernels accumulate (+=), so start from zero
        }
        kernels.matmulBackward(dLogits, a, w2, dA, dW2, batch, HIDDEN, OUT); // dA += dL·W2ᵀ, dW2 += aᵀ·dL
        kernels.copyBackward(dLogits, batch, db2);                            // db2 += Σ rows of dL
        kernels.reluBackward(dA, h, dH);                                      // dH += dA where h > 0
        kernels.matmulBackward(dH, x, w1, null, dW1, batch, IN, HIDDEN);      // dW1 += xᵀ·dH (x needs none)
        kernels.copyBackward(dH, batch, db1);                                 // db1 += Σ rows of dH
    }

    /**
     * One step of SGD on the images {@code order[first .. first + batch)} of {@code train}: forward, loss,
     * backward, {@code p -= rate·g}. Returns the batch's mean loss before the step.
     */
    double step(Digits train, int[] order, int first, float rate) {
        for (int r = 0; r < batch; r++) {
            int image = order[first + r];
            System.arraycopy(train.pixels(), image * IN, x, r * IN, IN);
            labels[r] = train.labels()[image];
        }
        forward(x, batch, h, a, logits);
        double loss = crossEntropy();
        backward();
        for (int q = 0; q < params.length; q++) {
            for (int i = 0; i < params[q].length; i++) {
                params[q][i] -= rate * grads[q][i];
            }
        }
        return loss;
    }

    /**
     * Trains for {@code epochs} passes over {@code train}, each in the order of a fresh permutation from
     * {@code random}, in whole batches (the last {@code count % batch} images of the order are left out).
     * Returns each epoch's mean training loss (the mean of its batches' losses).
     */
    double[] train(Digits train, int epochs, float rate, SplitMix64 random) {
        int[] order = new int[train.count()];
        int steps = train.count() / batch;
        double[] losses = new double[epochs];
        for (int e = 0; e < epochs; e++) {
            random.permutation(order);
            double sum = 0;
            for (int s = 0; s < steps; s++) {
                sum += step(train, order, s * batch, rate);
            }
            losses[e] = sum / steps;
        }
        return losses;
    }

    /** The number of images of {@code test} whose largest logit (the first, on ties) is their label's. */
    int correct(Digits test) {
        int m = test.count();
        float[] th = new float[m * HIDDEN], ta = new float[th.length], tLogits = new float[m * OUT];
        forward(test.pixels(), m, th, ta, tLogits);
        int correct = 0;
        for (int r = 0; r < m; r++) {
            int best = 0;
            for (int j = 1; j < OUT; j++) {
                if (tLogits[r * OUT + j] > tLogits[r * OUT + best]) {
                    best = j;
                }
            }
            correct += best == test.labels()[r] ? 1 : 0;
        }
        return correct;
    }

    /**
     * What a run gives: each epoch's mean training loss, how many of the test images it classifies right, and
     * the trained parameters (W1, b1, W2, b2).
     */
    record Result(double[] losses, int correct, int tested, float[][] parameters) {}

    /** The example's run: the network, the split, the epochs, the batch and the rate above, on {@code kernels}. */
    static Result run(BackwardKernels kernels, float rate) {
        SplitMix64 random = new SplitMix64(SEED);
        Digits all = Digits.load(), shuffled = all.reordered(random.permutation(new int[all.count()]));
        Digits train = shuffled.slice(0, TRAIN), test = shuffled.slice(TRAIN, all.count());
        DigitsMlp net = new DigitsMlp(kernels, BATCH, random);
        double[] losses = net.train(train, EPOCHS, rate, random);
        return new Result(losses, net.correct(test), test.count(), net.params);
    }

    public static void main(String[] args) {
        BackwardKernels kernels = Kernels.best(); // "vector" when the Vector API can run, else "scalar"
        System.out.println("kernels: " + kernels.name());
        long start = System.nanoTime();
        Result result = run(kernels, LEARNING_RATE);
        long elapsed = System.nanoTime() - start;
        for (int e = 0; e < result.losses().length; e++) {
            System.out.printf("epoch %2d: mean training loss %.6f%n", e + 1, result.losses()[e]);
        }
        System.out.printf("test accuracy: %.4f (%d of %d)%n",
                (double) result.correct() / result.tested(), result.correct(), result.tested());
        System.out.printf("time: %.0f ms for %d epochs, the first ones on a JVM still warming up%n",
                elapsed / 1e6, EPOCHS);
    }
}
