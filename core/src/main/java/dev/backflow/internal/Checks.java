package dev.backflow.internal;

import java.util.Objects;

/**
 * The argument checks of the {@link dev.backflow.BackwardKernels} contract, shared by every implementation
 * (through {@link dev.backflow.spi.CheckedBackwardKernels}) so that each rule is written once. Each method
 * throws on the first violation, with a message that names the argument, and writes nothing.
 *
 * <p>They run on every call, so they take primitives and constant names and allocate nothing unless they
 * throw.
 */
public final class Checks {
    private Checks() {}

    /** Throws {@link NullPointerException} saying that {@code name} is null. */
    public static void nonNull(String name, Object array) {
        if (array == null) {
            throw new NullPointerException(name + " is null");
        }
    }

    /** Throws {@link IllegalArgumentException} if {@code value < 0}. */
    public static void nonNegative(String name, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " = " + value + " is negative");
        }
    }

    /** {@code a * b}, or {@link IllegalArgumentException} if it exceeds {@link Integer#MAX_VALUE}. */
    public static int product(String what, int a, int b) {
        long p = (long) a * b;
        if (p > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(what + " = " + a + " * " + b + " = " + p
                    + " exceeds Integer.MAX_VALUE, the largest Java array");
        }
        return (int) p;
    }

    /** Checks {@code [off, off + len)} against {@code array.length}, through {@link Objects#checkFromIndexSize}. */
    public static void range(String name, float[] array, int off, int len) {
        try {
            Objects.checkFromIndexSize(off, len, array.length);
        } catch (IndexOutOfBoundsException e) {
            throw new IndexOutOfBoundsException(name + ": offset " + off + " and length " + len
                    + " are out of bounds for " + name + ".length " + array.length + " (" + e.getMessage() + ")");
        }
    }

    /** Throws {@link IllegalArgumentException} unless {@code array.length == expected}. */
    public static void lengthIs(String name, float[] array, int expected) {
        if (array.length != expected) {
            throw new IllegalArgumentException(name + ".length is " + array.length + " but must be " + expected);
        }
    }

    /**
     * The common length of two whole arrays: {@link NullPointerException} for a null one,
     * {@link IllegalArgumentException} if their lengths differ.
     */
    public static int sameLength(String aName, float[] a, String bName, float[] b) {
        nonNull(aName, a);
        nonNull(bName, b);
        if (a.length != b.length) {
            throw new IllegalArgumentException("length mismatch: " + bName + ".length is " + b.length
                    + " but " + aName + ".length is " + a.length);
        }
        return a.length;
    }

    private static boolean intersects(float[] a, int aOff, int aLen, float[] b, int bOff, int bLen) {
        return a == b && aLen > 0 && bLen > 0 && aOff < bOff + bLen && bOff < aOff + aLen;
    }

    /** Rejects an output region that shares an element with an input region (both already range-checked). */
    public static void outputApartFromInput(String outName, float[] out, int outOff, int outLen,
                                            String inName, float[] in, int inOff, int inLen) {
        if (intersects(out, outOff, outLen, in, inOff, inLen)) {
            throw new IllegalArgumentException("output " + describe(outName, outOff, outLen) + " overlaps input "
                    + describe(inName, inOff, inLen) + " in the same array: outputs must not share elements with inputs");
        }
    }

    /** Rejects two output regions that intersect without being exactly the same region. */
    public static void outputsApartOrSame(String aName, float[] a, int aOff, int aLen,
                                          String bName, float[] b, int bOff, int bLen) {
        if (intersects(a, aOff, aLen, b, bOff, bLen) && !(aOff == bOff && aLen == bLen)) {
            throw new IllegalArgumentException("output " + describe(aName, aOff, aLen) + " partially overlaps output "
                    + describe(bName, bOff, bLen) + ": two outputs must be disjoint or exactly the same region");
        }
    }

    private static String describe(String name, int off, int len) {
        return name + "[" + off + ", " + ((long) off + len) + ")";
    }

    /**
     * The null and sign rules of matmulBackward: dY always, w when dX is given, x when dW is given; m, k, n
     * not negative.
     */
    public static void matmulOperands(float[] dY, float[] x, float[] w, float[] dX, float[] dW, int m, int k, int n) {
        nonNull("dY", dY);
        if (dX != null) {
            nonNull("w", w);
        }
        if (dW != null) {
            nonNull("x", x);
        }
        nonNegative("m", m);
        nonNegative("k", k);
        nonNegative("n", n);
    }

    /** The length rules of the whole-array matmulBackward. */
    public static void matmulWholeArrays(float[] dY, float[] x, float[] w, float[] dX, float[] dW,
                                         int m, int k, int n) {
        matmulOperands(dY, x, w, dX, dW, m, k, n);
        int mk = product("m * k", m, k);
        int kn = product("k * n", k, n);
        lengthIs("dY", dY, product("m * n", m, n));
        if (dX != null) {
            lengthIs("dX", dX, mk);
            lengthIs("w", w, kn);
        }
        if (dW != null) {
            lengthIs("dW", dW, kn);
            lengthIs("x", x, mk);
        }
    }
}
