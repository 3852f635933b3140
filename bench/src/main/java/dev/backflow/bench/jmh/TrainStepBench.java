package dev.backflow.bench.jmh;

import dev.backflow.BackwardKernels;
import dev.backflow.Kernels;
import dev.backflow.bench.harness.Verify;
import java.util.Arrays;
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
 * One training step of the digits example's network (examples' {@code DigitsMlp}), the step that
 * {@code scripts/train-digits.py} times in PyTorch: 64 → 128 (ReLU) → 10, softmax cross-entropy, SGD at rate
 * 0.1; the forward products through {@code sgemm}, the backward pass through {@code matmulBackward},
 * {@code reluBackward} and {@code copyBackward}, ReLU, the loss and the update in plain Java, as the example
 * does them. One thread. The batches are seeded random images (pixels in [0, 1]) and labels, not the data set:
 * the time does not depend on the values. Setup checks one step against the same step on the scalar kernels
 * (the same bits, by the contract).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 2, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class TrainStepBench {
    static final int IN = 64, HIDDEN = 128, OUT = 10, BATCHES = 8;
    /**
     * Steps between restarts from the initial weights: left to train on a few batches for millions of steps,
     * the network would fit them until softmax's small probabilities became subnormal floats, which are slow
     * on x86 and would change what is measured. A restart copies 38 KiB, once per this many steps.
     */
    static final int RESTART = 1000;

    @Param({"vector"})
    public String impl;

    @Param({"32", "128"})
    public int batch;

    Step step;
    int steps;

    @Setup
    public void setup() {
        step = new Step(Verify.kernels(impl), batch);
        Step reference = new Step(Kernels.scalar(), batch);
        double loss = step.run(0), expected = reference.run(0);
        if (Double.doubleToLongBits(loss) != Double.doubleToLongBits(expected)) {
            throw new IllegalStateException("step's loss " + loss + " but the scalar kernels give " + expected);
        }
        for (int q = 0; q < step.params.length; q++) {
            Verify.sameBits(impl + " parameter " + q + " after a step", reference.params[q], step.params[q]);
        }
        step.restart();
    }

    @Benchmark
    public double trainStep() {
        if (++steps == RESTART) {
            steps = 0;
            step.restart();
        }
        return step.run(steps % BATCHES);
    }

    /** The network, its initial weights and {@link #BATCHES} batches; {@link #run} is one step of SGD. */
    static final class Step {
        final BackwardKernels kernels;
        final int batch;
        final float[][] initial, params, grads;
        final float[] w1, b1, w2, b2, dW1, db1, dW2, db2;
        final float[] h, a, logits, dLogits, dA, dH;
        final float[][] images;
        final int[][] labels;

        Step(BackwardKernels kernels, int batch) {
            this.kernels = kernels;
            this.batch = batch;
            SplittableRandom random = new SplittableRandom(16);
            initial = new float[][] {uniform(random, IN * HIDDEN, IN), uniform(random, HIDDEN, IN),
                    uniform(random, HIDDEN * OUT, HIDDEN), uniform(random, OUT, HIDDEN)};
            params = new float[initial.length][];
            grads = new float[initial.length][];
            for (int q = 0; q < initial.length; q++) {
                params[q] = initial[q].clone();
                grads[q] = new float[initial[q].length];
            }
            w1 = params[0];
            b1 = params[1];
            w2 = params[2];
            b2 = params[3];
            dW1 = grads[0];
            db1 = grads[1];
            dW2 = grads[2];
            db2 = grads[3];
            h = new float[batch * HIDDEN];
            a = new float[h.length];
            dA = new float[h.length];
            dH = new float[h.length];
            logits = new float[batch * OUT];
            dLogits = new float[logits.length];
            images = new float[BATCHES][batch * IN];
            labels = new int[BATCHES][batch];
            for (int b = 0; b < BATCHES; b++) {
                for (int i = 0; i < images[b].length; i++) {
                    images[b][i] = (float) random.nextDouble();
                }
                for (int r = 0; r < batch; r++) {
                    labels[b][r] = random.nextInt(OUT);
                }
            }
        }

        static float[] uniform(SplittableRandom random, int n, int fanIn) {
            float[] v = new float[n];
            double bound = 1 / Math.sqrt(fanIn);
            for (int i = 0; i < n; i++) {
                v[i] = (float) random.nextDouble(-bound, bound);
            }
            return v;
        }

        void restart() {
            for (int q = 0; q < params.length; q++) {
                System.arraycopy(initial[q], 0, params[q], 0, params[q].length);
            }
        }

        /** One step on batch {@code b}: forward, loss, backward, {@code p -= 0.1·g}; returns the loss. */
        double run(int b) {
            float[] x = images[b];
            int[] y = labels[b];
            fillRows(b1, h);
            kernels.sgemm(false, false, batch, HIDDEN, IN, 1f, x, 0, IN, w1, 0, HIDDEN, 1f, h, 0, HIDDEN);
            for (int i = 0; i < h.length; i++) {
                a[i] = Math.max(h[i], 0f);
            }
            fillRows(b2, logits);
            kernels.sgemm(false, false, batch, OUT, HIDDEN, 1f, a, 0, HIDDEN, w2, 0, OUT, 1f, logits, 0, OUT);
            // the example's softmax cross-entropy, written again: examples is built after bench and never published
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
                loss += Math.log(sum) - (logits[row + y[r]] - max);
                for (int j = 0; j < OUT; j++) {
                    double p = Math.exp(logits[row + j] - max) / sum;
                    dLogits[row + j] = (float) ((p - (j == y[r] ? 1 : 0)) / batch);
                }
            }
            for (float[] g : grads) {
                Arrays.fill(g, 0f);
            }
            Arrays.fill(dA, 0f);
            Arrays.fill(dH, 0f);
            kernels.matmulBackward(dLogits, a, w2, dA, dW2, batch, HIDDEN, OUT);
            kernels.copyBackward(dLogits, batch, db2);
            kernels.reluBackward(dA, h, dH);
            kernels.matmulBackward(dH, x, w1, null, dW1, batch, IN, HIDDEN);
            kernels.copyBackward(dH, batch, db1);
            for (int q = 0; q < params.length; q++) {
                float[] p = params[q], g = grads[q];
                for (int i = 0; i < p.length; i++) {
                    p[i] -= 0.1f * g[i];
                }
            }
            return loss / batch;
        }

        static void fillRows(float[] row, float[] matrix) {
            for (int at = 0; at < matrix.length; at += row.length) {
                System.arraycopy(row, 0, matrix, at, row.length);
            }
        }
    }
}
