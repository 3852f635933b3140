package dev.backflow.simd;

import dev.backflow.BackwardKernels;
import dev.backflow.testing.ErrorBound;
import java.util.SplittableRandom;

/** The elementwise gates as the property tests drive them: how to call each, shape its inputs, and its oracle. */
enum ElementwiseGate {
    ADD {
        @Override
        void run(BackwardKernels k, GateCase c, int n) {
            k.addBackward(c.dz, c.dzOff, c.dx, c.dxOff, c.dy, c.dyOff, n);
        }

        @Override
        double[] terms(GateCase c, int i, int n) {
            float g = c.dz[c.dzOff + i];
            return new double[] {g, Math.abs(g), g, Math.abs(g)};
        }
    },
    MUL {
        @Override
        void run(BackwardKernels k, GateCase c, int n) {
            k.mulBackward(c.dz, c.dzOff, c.a, c.aOff, c.b, c.bOff, c.dx, c.dxOff, c.dy, c.dyOff, n);
        }

        @Override
        double[] terms(GateCase c, int i, int n) {
            double tx = (double) c.dz[c.dzOff + i] * c.b[c.bOff + i];
            double ty = (double) c.dz[c.dzOff + i] * c.a[c.aOff + i];
            return new double[] {tx, Math.abs(tx), ty, Math.abs(ty)};
        }
    },
    MAX {
        @Override
        void run(BackwardKernels k, GateCase c, int n) {
            k.maxBackward(c.dz, c.dzOff, c.a, c.aOff, c.b, c.bOff, c.dx, c.dxOff, c.dy, c.dyOff, n);
        }

        /** Ties (equal values, ±0 pairs) are forced into a quarter of the elements. */
        @Override
        void shape(GateCase c, SplittableRandom r) {
            for (int i = 0; i < c.n; i++) {
                int pick = r.nextInt(8);
                if (pick == 0) {
                    c.b[c.bOff + i] = c.a[c.aOff + i];
                } else if (pick == 1) {
                    c.a[c.aOff + i] = r.nextBoolean() ? 0f : -0f;
                    c.b[c.bOff + i] = r.nextBoolean() ? 0f : -0f;
                }
            }
        }

        @Override
        double[] terms(GateCase c, int i, int n) {
            double g = c.dz[c.dzOff + i];
            double x = c.a[c.aOff + i];
            double y = c.b[c.bOff + i];
            double h = x == y ? g * 0.5 : g;
            double tx = x < y ? NONE : h;
            double ty = x > y ? NONE : h;
            return new double[] {tx, Math.abs(g), ty, Math.abs(g)};
        }
    },
    RELU {
        @Override
        void run(BackwardKernels k, GateCase c, int n) {
            k.reluBackward(c.dz, c.dzOff, c.a, c.aOff, c.dx, c.dxOff, n);
        }

        /** Half the x values are forced to zero or below. */
        @Override
        void shape(GateCase c, SplittableRandom r) {
            for (int i = 0; i < c.n; i++) {
                if (r.nextBoolean()) {
                    c.a[c.aOff + i] = -Math.abs(c.a[c.aOff + i]);
                }
            }
        }

        @Override
        double[] terms(GateCase c, int i, int n) {
            double g = c.dz[c.dzOff + i];
            return new double[] {c.a[c.aOff + i] > 0 ? g : NONE, Math.abs(g), NONE, 0};
        }
    },
    SIGMOID {
        @Override
        void run(BackwardKernels k, GateCase c, int n) {
            k.sigmoidBackward(c.dz, c.dzOff, c.a, c.aOff, c.dx, c.dxOff, n);
        }

        /** s is a sigmoid's output in [0, 1] for most elements, and anything at all for the rest. */
        @Override
        void shape(GateCase c, SplittableRandom r) {
            for (int i = 0; i < c.n; i++) {
                if (r.nextInt(4) != 0) {
                    c.a[c.aOff + i] = (float) r.nextDouble();
                }
            }
        }

        @Override
        double[] terms(GateCase c, int i, int n) {
            double s = c.a[c.aOff + i];
            double first = c.dz[c.dzOff + i] * (1 - s);
            // the float intermediate dz*(1-s) is rounded (or underflows) before it is scaled by s
            double scale = Math.max(1, Math.abs(s));
            return new double[] {first * s, Math.abs(first) * scale, NONE, 0, scale};
        }
    },
    COPY {
        @Override
        void run(BackwardKernels k, GateCase c, int n) {
            k.copyBackward(c.dz, c.dzOff, c.copies, c.dx, c.dxOff, n);
        }

        @Override
        double[] terms(GateCase c, int i, int n) {
            double sum = 0;
            double mag = 0;
            for (int cp = 0; cp < c.copies; cp++) {
                float g = c.dz[c.dzOff + cp * n + i];
                sum += g;
                mag += Math.abs(g);
            }
            return new double[] {sum, mag, NONE, 0};
        }
    };

    /** Marks an output that the rule leaves untouched for this element. */
    static final double NONE = Double.NaN;

    abstract void run(BackwardKernels k, GateCase c, int n);

    /**
     * Element i's exact addends in double: {dx term, magnitude, dy term, magnitude}, NONE for an output left
     * untouched; the magnitudes bound every intermediate. An optional fifth entry scales the absolute error
     * of an underflowing intermediate (default 1).
     */
    abstract double[] terms(GateCase c, int i, int n);

    void shape(GateCase c, SplittableRandom r) {}

    boolean twoOutputs() {
        return this == ADD || this == MUL || this == MAX;
    }

    /**
     * Checks the result against the exact value of old + terms, computed in double, wherever every input of the
     * element is finite and nothing can overflow: |error| ≤ γ(j)·(|old| + Σ|terms|) for the j roundings of
     * the formula, plus j times the smallest subnormal for results that underflow.
     */
    String checkAgainstDouble(GateCase before, GateCase after, int n) {
        int roundings = before.copies + 3;
        double gamma = ErrorBound.gamma(roundings);
        for (int i = 0; i < n; i++) {
            if (!finiteInputs(before, i, n)) {
                continue;
            }
            double[] t = terms(before, i, n);
            double oldX = before.dx[before.dxOff + i];
            double oldY = before.dy[before.dyOff + i];
            double expX = Double.isNaN(t[0]) ? oldX : oldX + t[0];
            double magX = Math.abs(oldX) + t[1];
            double expY = Double.isNaN(t[2]) ? oldY : oldY + t[2];
            double magY = Math.abs(oldY) + t[3];
            double tiny = ErrorBound.underflow(roundings) * (t.length > 4 ? t[4] : 1);
            String bad;
            if (before.sameOutputs) { // one region: the dx update, then the dy update on top of it
                expY = Double.isNaN(t[2]) ? expX : expX + t[2];
                bad = compare("dx = dy", i, after.dy[after.dyOff + i], expY, magX + t[3], gamma, tiny);
            } else {
                bad = compare("dx", i, after.dx[after.dxOff + i], expX, magX, gamma, tiny);
                if (bad == null && twoOutputs()) {
                    bad = compare("dy", i, after.dy[after.dyOff + i], expY, magY, gamma, tiny);
                }
            }
            if (bad != null) {
                return bad;
            }
        }
        return null;
    }

    private static String compare(String name, int i, float got, double exact, double mag, double gamma, double tiny) {
        if (mag > 1e37) {
            return null; // intermediate float overflow is possible: the bit-for-bit check covers this element
        }
        String bad = ErrorBound.violation(got, exact, gamma * mag + tiny);
        return bad == null ? null : name + "[" + i + "] = " + bad + " (the double reference)";
    }

    private boolean finiteInputs(GateCase c, int i, int n) {
        boolean ok = Float.isFinite(c.dx[c.dxOff + i]) && Float.isFinite(c.dy[c.dyOff + i])
                && Float.isFinite(c.a[c.aOff + i]) && Float.isFinite(c.b[c.bOff + i]);
        for (int cp = 0; cp < c.copies && ok; cp++) {
            ok = Float.isFinite(c.dz[c.dzOff + cp * n + i]);
        }
        return ok;
    }
}
