package dev.backflow.simd;

import static dev.backflow.testing.Bits.show;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backflow.Kernels;
import dev.backflow.testing.Bits;
import dev.backflow.testing.ErrorBound;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every implementation against PyTorch's autograd gradients on inputs full of special values, from the data
 * {@code scripts/torch-oracle.py} committed under {@code src/test/resources/torch} (the torch version is in its
 * {@code manifest.json}; the script's header says what torch ran). Every leaf had a gradient before torch's
 * {@code backward()}, so torch accumulated into it as the contract does.
 *
 * <ul>
 *   <li>add, mul, sigmoid, copy (one backward per copy): the same bits.</li>
 *   <li>max, relu: the same bits, except where the contract deliberately differs, recognised by the inputs:
 *       (1) an input that gets no gradient is left untouched, where torch adds +0.0, so where its accumulator
 *       was -0.0 torch has +0.0 and the contract -0.0; (2) relu of NaN: torch passes the gradient
 *       (old + dz), the contract leaves dx as it was.</li>
 *   <li>copy in one backward pass: torch sums the copies first and adds the sum to the gradient once; this
 *       checks that torch's bits are exactly that order, and that ours are within the summation bound.</li>
 *   <li>matmul: torch and ours each within the contract's bound of the exact result.</li>
 * </ul>
 * Any other difference fails, naming the element, the inputs and both values.
 */
class TorchOracleTest {

    static Stream<String> implementations() {
        return Stream.of("scalar", "vector");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void addMatchesTorchBitForBit(String impl) {
        TorchData d = TorchData.load("add");
        float[] dz = d.floats("dz");
        float[] dx = d.floats("dx0");
        float[] dy = d.floats("dy0");
        float[] torchDx = d.floats("dx");
        float[] torchDy = d.floats("dy");
        Kernels.named(impl).addBackward(dz, dx, dy);
        Differences diff = new Differences(impl + " addBackward against torch");
        for (int i = 0; i < dz.length; i++) {
            String context = "dz " + show(dz[i]);
            diff.sameBits("dx[" + i + "]", torchDx[i], dx[i], context);
            diff.sameBits("dy[" + i + "]", torchDy[i], dy[i], context);
        }
        diff.assertNone();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void mulMatchesTorchBitForBit(String impl) {
        TorchData d = TorchData.load("mul");
        float[] dz = d.floats("dz");
        float[] x = d.floats("x");
        float[] y = d.floats("y");
        float[] dx = d.floats("dx0");
        float[] dy = d.floats("dy0");
        float[] torchDx = d.floats("dx");
        float[] torchDy = d.floats("dy");
        Kernels.named(impl).mulBackward(dz, x, y, dx, dy);
        Differences diff = new Differences(impl + " mulBackward against torch");
        for (int i = 0; i < dz.length; i++) {
            String context = "dz " + show(dz[i]) + ", x " + show(x[i]) + ", y " + show(y[i]);
            diff.sameBits("dx[" + i + "]", torchDx[i], dx[i], context);
            diff.sameBits("dy[" + i + "]", torchDy[i], dy[i], context);
        }
        diff.assertNone();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void maxMatchesTorchExceptAnUntouchedNegativeZero(String impl) {
        TorchData d = TorchData.load("max");
        float[] dz = d.floats("dz");
        float[] x = d.floats("x");
        float[] y = d.floats("y");
        float[] dx0 = d.floats("dx0");
        float[] dy0 = d.floats("dy0");
        float[] torchDx = d.floats("dx");
        float[] torchDy = d.floats("dy");
        float[] dx = dx0.clone();
        float[] dy = dy0.clone();
        Kernels.named(impl).maxBackward(dz, x, y, dx, dy);
        Differences diff = new Differences(impl + " maxBackward against torch");
        int zeroSigns = 0;
        for (int i = 0; i < dz.length; i++) {
            String context = "dz " + show(dz[i]) + ", x " + show(x[i]) + ", y " + show(y[i]);
            boolean dxGetsNone = x[i] < y[i];
            boolean dyGetsNone = x[i] > y[i];
            float wantDx = untouchedWhereTorchAddsZero(dxGetsNone, dx0[i], torchDx[i]);
            float wantDy = untouchedWhereTorchAddsZero(dyGetsNone, dy0[i], torchDy[i]);
            zeroSigns += (Bits.same(wantDx, torchDx[i]) ? 0 : 1) + (Bits.same(wantDy, torchDy[i]) ? 0 : 1);
            diff.sameBits("dx[" + i + "]", wantDx, dx[i], context + ", dx0 " + show(dx0[i]));
            diff.sameBits("dy[" + i + "]", wantDy, dy[i], context + ", dy0 " + show(dy0[i]));
        }
        diff.assertNone();
        assertTrue(zeroSigns > 0, "the data should hold a -0.0 accumulator of an input without gradient");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void reluMatchesTorchExceptAnUntouchedNegativeZeroAndNaN(String impl) {
        TorchData d = TorchData.load("relu");
        float[] dz = d.floats("dz");
        float[] x = d.floats("x");
        float[] dx0 = d.floats("dx0");
        float[] torchDx = d.floats("dx");
        float[] dx = dx0.clone();
        Kernels.named(impl).reluBackward(dz, x, dx);
        Differences diff = new Differences(impl + " reluBackward against torch");
        int zeroSigns = 0;
        int nans = 0;
        for (int i = 0; i < dz.length; i++) {
            float want;
            if (Float.isNaN(x[i]) && Bits.same(torchDx[i], dx0[i] + dz[i])) {
                want = dx0[i]; // deviation (2): torch passed the gradient
                nans += Bits.same(want, torchDx[i]) ? 0 : 1;
            } else {
                want = untouchedWhereTorchAddsZero(!(x[i] > 0) && !Float.isNaN(x[i]), dx0[i], torchDx[i]);
                zeroSigns += Bits.same(want, torchDx[i]) ? 0 : 1;
            }
            diff.sameBits("dx[" + i + "]", want, dx[i],
                    "dz " + show(dz[i]) + ", x " + show(x[i]) + ", dx0 " + show(dx0[i]) + ", torch "
                            + show(torchDx[i]));
        }
        diff.assertNone();
        assertTrue(zeroSigns > 0, "the data should hold a -0.0 accumulator where x <= 0");
        assertTrue(nans > 0, "the data should hold a NaN x whose gradient torch passes");
    }

    /**
     * Deviation (1): where an input gets no gradient torch adds +0.0 to its accumulator, which changes only a
     * -0.0 (to +0.0); the contract leaves it untouched. Returns the contract's value there, else torch's.
     */
    static float untouchedWhereTorchAddsZero(boolean getsNoGradient, float old, float torch) {
        boolean torchAddedZero = getsNoGradient && isNegativeZero(old) && Float.floatToRawIntBits(torch) == 0;
        return torchAddedZero ? old : torch;
    }

    static boolean isNegativeZero(float v) {
        return Float.floatToRawIntBits(v) == 0x80000000;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void sigmoidMatchesTorchBitForBit(String impl) {
        for (String name : new String[] {"sigmoid", "sigmoid-any-s"}) {
            TorchData d = TorchData.load(name);
            float[] dz = d.floats("dz");
            float[] s = d.floats("s");
            float[] dx = d.floats("dx0");
            float[] torchDx = d.floats("dx");
            Kernels.named(impl).sigmoidBackward(dz, s, dx);
            Differences diff = new Differences(impl + " sigmoidBackward against torch (" + name + ")");
            for (int i = 0; i < dz.length; i++) {
                diff.sameBits("dx[" + i + "]", torchDx[i], dx[i], "dz " + show(dz[i]) + ", s " + show(s[i]));
            }
            diff.assertNone();
        }
    }

    /** One backward() per copy, in order: torch accumulates into .grad exactly as the contract orders it. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void copyMatchesTorchBitForBit(String impl) {
        TorchData d = TorchData.load("copy-sequential");
        int[] copies = d.ints("copies");
        int[] n = d.ints("n");
        float[] dz = d.floats("dz");
        float[] dx = d.floats("dx0");
        float[] torchDx = d.floats("dx");
        Differences diff = new Differences(impl + " copyBackward against torch");
        for (int s = 0, dzOff = 0, off = 0; s < copies.length; dzOff += copies[s] * n[s], off += n[s], s++) {
            Kernels.named(impl).copyBackward(dz, dzOff, copies[s], dx, off, n[s]);
            for (int j = off; j < off + n[s]; j++) {
                diff.sameBits("dx[" + j + "]", torchDx[j], dx[j], copies[s] + " copies of n = " + n[s]);
            }
        }
        diff.assertNone();
    }

    /**
     * One backward() over a fan-out: torch sums the copies first (the fan-out newest copy first, the broadcast
     * from +0.0 in order) and adds the sum to .grad once. Its bits must be exactly that; ours, which add each
     * copy in turn as the contract says, must be within the summation bound γ(copies)·(|old| + Σ|dz|) of the
     * exact sum, with the same NaN or infinity (these inputs cannot overflow in any order).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void copyInOnePassDiffersFromTorchOnlyBySummationOrder(String impl) {
        TorchData d = TorchData.load("copy-one-pass");
        int[] copies = d.ints("copies");
        int[] n = d.ints("n");
        float[] dz = d.floats("dz");
        float[] dx0 = d.floats("dx0");
        float[] fanout = d.floats("fanout");
        float[] broadcast = d.floats("broadcast");
        float[] dx = dx0.clone();
        Differences diff = new Differences(impl + " copyBackward against torch in one pass");
        int roundedDifferently = 0;
        for (int s = 0, dzOff = 0, off = 0; s < copies.length; dzOff += copies[s] * n[s], off += n[s], s++) {
            int c = copies[s];
            int len = n[s];
            Kernels.named(impl).copyBackward(dz, dzOff, c, dx, off, len);
            for (int j = 0; j < len; j++) {
                float newestFirst = dz[dzOff + (c - 1) * len + j];
                float fromZero = 0f;
                double exact = dx0[off + j];
                double magnitude = Math.abs(exact);
                for (int r = 0; r < c; r++) {
                    float g = dz[dzOff + r * len + j];
                    fromZero += g;
                    exact += g;
                    magnitude += Math.abs(g);
                }
                for (int r = c - 2; r >= 0; r--) {
                    newestFirst += dz[dzOff + r * len + j];
                }
                String element = "dx[" + (off + j) + "] of " + c + " copies";
                diff.sameBits(element + ", torch's fan-out", dx0[off + j] + newestFirst, fanout[off + j], "its model");
                diff.sameBits(element + ", torch's broadcast", dx0[off + j] + fromZero, broadcast[off + j],
                        "its model");
                String bad = ErrorBound.violation(dx[off + j], exact, ErrorBound.gamma(c) * magnitude);
                if (bad != null) {
                    diff.add(element + ": ours " + bad);
                }
                roundedDifferently += Bits.same(dx[off + j], fanout[off + j]) ? 0 : 1;
            }
        }
        diff.assertNone();
        assertTrue(roundedDifferently > 0, "the data should show the two summation orders rounding differently");
    }

    /**
     * Y = X·W: dX and dW from torch (OpenBLAS) and from each implementation within the contract's bound
     * γ(L+1)·(|old| + Σ|products|) of the exact value, plus (L+1)·2⁻¹⁴⁹ for products that underflow (the
     * contract's bound leaves underflow out; each rounding in the subnormal range errs by at most 2⁻¹⁵⁰).
     * Exact NaN and infinities must be matched exactly; the inputs cannot overflow in any summation order.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void matmulIsWithinTheBoundOfTorchsExactResult(String impl) {
        TorchData d = TorchData.load("matmul");
        int[] ms = d.ints("m");
        int[] ks = d.ints("k");
        int[] ns = d.ints("n");
        float[] dY = d.floats("dY");
        float[] x = d.floats("x");
        float[] w = d.floats("w");
        float[] dX0 = d.floats("dX0");
        float[] dW0 = d.floats("dW0");
        float[] torchDx = d.floats("dX");
        float[] torchDw = d.floats("dW");
        float[] dX = dX0.clone();
        float[] dW = dW0.clone();
        Differences diff = new Differences(impl + " matmulBackward against the exact result and torch");
        int nonFinite = 0;
        for (int s = 0, yOff = 0, xOff = 0, wOff = 0; s < ms.length;
                yOff += ms[s] * ns[s], xOff += ms[s] * ks[s], wOff += ks[s] * ns[s], s++) {
            int m = ms[s];
            int k = ks[s];
            int n = ns[s];
            Kernels.named(impl).matmulBackward(dY, yOff, x, xOff, w, wOff, dX, xOff, dW, wOff, m, k, n);
            String shape = m + "×" + k + "×" + n;
            for (int i = 0; i < m; i++) {
                for (int p = 0; p < k; p++) {
                    int at = xOff + i * k + p;
                    double exact = dX0[at];
                    double magnitude = Math.abs(exact);
                    for (int j = 0; j < n; j++) {
                        double product = (double) dY[yOff + i * n + j] * w[wOff + p * n + j];
                        exact += product;
                        magnitude += Math.abs(product);
                    }
                    nonFinite += Double.isFinite(exact) ? 0 : 1;
                    double bound = ErrorBound.gamma(n + 1) * magnitude + ErrorBound.underflow(n + 1);
                    check(diff, shape + " dX[" + i + "][" + p + "]", exact, bound, torchDx[at], dX[at]);
                }
            }
            for (int p = 0; p < k; p++) {
                for (int j = 0; j < n; j++) {
                    int at = wOff + p * n + j;
                    double exact = dW0[at];
                    double magnitude = Math.abs(exact);
                    for (int i = 0; i < m; i++) {
                        double product = (double) x[xOff + i * k + p] * dY[yOff + i * n + j];
                        exact += product;
                        magnitude += Math.abs(product);
                    }
                    nonFinite += Double.isFinite(exact) ? 0 : 1;
                    double bound = ErrorBound.gamma(m + 1) * magnitude + ErrorBound.underflow(m + 1);
                    check(diff, shape + " dW[" + p + "][" + j + "]", exact, bound, torchDw[at], dW[at]);
                }
            }
        }
        diff.assertNone();
        assertTrue(nonFinite > 0, "the data should hold NaN and infinite results");
    }

    private static void check(Differences diff, String element, double exact, double bound, float torch, float ours) {
        String torchBad = ErrorBound.violation(torch, exact, bound);
        if (torchBad != null) {
            diff.add(element + ": torch's " + torchBad);
        }
        String oursBad = ErrorBound.violation(ours, exact, bound);
        if (oursBad != null) {
            diff.add(element + ": ours " + oursBad + " (torch's " + show(torch) + ")");
        }
    }
}
