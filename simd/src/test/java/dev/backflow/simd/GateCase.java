package dev.backflow.simd;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The arrays of one elementwise call: each region sits at a random offset inside a larger array, and the
 * elements around it are sentinels that must survive. {@code a} is x (or s), {@code b} is y.
 */
final class GateCase {
    float[] dz, a, b, dx, dy;
    int dzOff, aOff, bOff, dxOff, dyOff;
    int n, copies;
    boolean sameOutputs;

    static GateCase random(ElementwiseGate gate, SplittableRandom r) {
        GateCase c = new GateCase();
        double u = r.nextDouble();
        c.n = u < 0.7 ? r.nextInt(0, 260) : u < 0.93 ? r.nextInt(260, 3000) : r.nextInt(3000, 40000);
        c.copies = gate == ElementwiseGate.COPY ? (r.nextDouble() < 0.7 ? r.nextInt(1, 6) : r.nextInt(6, 300)) : 1;
        if (gate == ElementwiseGate.COPY && c.copies > 8) {
            c.n = Math.min(c.n, 5000);
        }
        double spice = r.nextDouble() < 0.3 ? 0 : r.nextDouble();
        c.dzOff = r.nextInt(10);
        c.aOff = r.nextInt(10);
        c.bOff = r.nextInt(10);
        c.dxOff = r.nextInt(10);
        c.dyOff = r.nextInt(10);
        c.dz = fill(r, c.dzOff + c.copies * c.n + r.nextInt(10), spice);
        c.a = fill(r, c.aOff + c.n + r.nextInt(10), spice);
        c.b = fill(r, c.bOff + c.n + r.nextInt(10), spice);
        c.dx = fill(r, c.dxOff + c.n + r.nextInt(10), spice);
        c.dy = fill(r, c.dyOff + c.n + r.nextInt(10), spice);
        gate.shape(c, r);
        if (gate.twoOutputs() && r.nextInt(8) == 0) {
            c.sameOutputs = true;
            c.dy = c.dx;
            c.dyOff = c.dxOff;
        }
        return c;
    }

    static float[] fill(SplittableRandom r, int len, double spice) {
        float[] out = new float[len];
        for (int i = 0; i < len; i++) {
            out[i] = Values.any(r, spice);
        }
        return out;
    }

    GateCase copy() {
        GateCase c = new GateCase();
        c.dz = dz.clone();
        c.a = a.clone();
        c.b = b.clone();
        c.dx = dx.clone();
        c.dy = sameOutputs ? c.dx : dy.clone();
        c.dzOff = dzOff;
        c.aOff = aOff;
        c.bOff = bOff;
        c.dxOff = dxOff;
        c.dyOff = dyOff;
        c.n = n;
        c.copies = copies;
        c.sameOutputs = sameOutputs;
        return c;
    }

    /** The first element where the output arrays (regions and sentinels alike) differ, or null. */
    String firstDifference(GateCase o) {
        String d = firstDifference("dx", dx, o.dx);
        return d != null ? d : firstDifference("dy", dy, o.dy);
    }

    private static String firstDifference(String name, float[] p, float[] q) {
        for (int i = 0; i < p.length; i++) {
            if (!Values.sameBits(p[i], q[i])) {
                return name + "[" + i + "]: scalar " + p[i] + " (0x"
                        + Integer.toHexString(Float.floatToRawIntBits(p[i])) + ") vs vector " + q[i] + " (0x"
                        + Integer.toHexString(Float.floatToRawIntBits(q[i])) + ")";
            }
        }
        return null;
    }

    boolean inputsEqual(GateCase o) {
        return Arrays.equals(dz, o.dz) && Arrays.equals(a, o.a) && Arrays.equals(b, o.b);
    }

    String describe(int len) {
        int show = Math.min(len, 24);
        return "n=" + len + " copies=" + copies + " offsets dz=" + dzOff + " a=" + aOff + " b=" + bOff + " dx=" + dxOff
                + " dy=" + dyOff + (sameOutputs ? " (dx and dy the same region)" : "")
                + "\n  dz=" + Arrays.toString(Arrays.copyOfRange(dz, dzOff, dzOff + Math.min(copies * len, 24)))
                + "\n  a=" + Arrays.toString(Arrays.copyOfRange(a, aOff, aOff + show))
                + "\n  b=" + Arrays.toString(Arrays.copyOfRange(b, bOff, bOff + show))
                + "\n  dx=" + Arrays.toString(Arrays.copyOfRange(dx, dxOff, dxOff + show))
                + "\n  dy=" + Arrays.toString(Arrays.copyOfRange(dy, dyOff, dyOff + show))
                + (len > show ? "\n  (first " + show + " shown)" : "");
    }
}
