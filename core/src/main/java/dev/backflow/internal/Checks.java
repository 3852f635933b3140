package dev.backflow.internal;

import dev.backflow.Kernels;
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

    /**
     * Throws {@link NullPointerException} saying that {@code name} is null.
     *
     * @param name the argument's name, for the message
     * @param array the argument
     * @throws NullPointerException if {@code array} is {@code null}
     */
    public static void nonNull(String name, Object array) {
        if (array == null) {
            throw new NullPointerException(name + " is null");
        }
    }

    /**
     * Throws {@link IllegalArgumentException} unless {@code threads} is a thread count that Backflow accepts:
     * the one check of {@link Kernels#parallel(int)}, {@link Kernels#parallel(String, int)} and
     * {@link dev.backflow.spi.CheckedBackwardKernels}'s constructor.
     *
     * @param threads the most threads one call may run on
     * @throws IllegalArgumentException if {@code threads} is not in {@code [1, }{@link Kernels#MAX_THREADS}{@code ]}
     */
    public static void threadCount(int threads) {
        if (threads < 1 || threads > Kernels.MAX_THREADS) {
            throw new IllegalArgumentException("threads = " + threads + " is not in [1, " + Kernels.MAX_THREADS + "]");
        }
    }

    /**
     * Throws {@link IllegalArgumentException} if {@code value < 0}.
     *
     * @param name the argument's name, for the message
     * @param value the argument
     * @throws IllegalArgumentException if {@code value < 0}
     */
    public static void nonNegative(String name, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " = " + value + " is negative");
        }
    }

    /**
     * The product of two sizes that are not negative.
     *
     * @param what the product's description, for the message (such as {@code "m * k"})
     * @param a a size, not negative
     * @param b a size, not negative
     * @return {@code a * b}
     * @throws IllegalArgumentException if {@code a * b} exceeds {@link Integer#MAX_VALUE}
     */
    public static int product(String what, int a, int b) {
        long p = (long) a * b;
        if (p > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(what + " = " + a + " * " + b + " = " + p
                    + " exceeds Integer.MAX_VALUE, the largest Java array");
        }
        return (int) p;
    }

    /**
     * Checks {@code [off, off + len)} against {@code array.length}, through {@link Objects#checkFromIndexSize}.
     *
     * @param name the array's name, for the message
     * @param array the array, not {@code null}
     * @param off the region's first index
     * @param len the region's length, not negative
     * @throws IndexOutOfBoundsException if {@code off < 0} or {@code off + len > array.length}
     */
    public static void range(String name, float[] array, int off, int len) {
        try {
            Objects.checkFromIndexSize(off, len, array.length);
        } catch (IndexOutOfBoundsException e) {
            throw new IndexOutOfBoundsException(name + ": offset " + off + " and length " + len
                    + " are out of bounds for " + name + ".length " + array.length + " (" + e.getMessage() + ")");
        }
    }

    /**
     * Throws {@link IllegalArgumentException} unless {@code array.length == expected}.
     *
     * @param name the array's name, for the message
     * @param array the array, not {@code null}
     * @param expected the length it must have
     * @throws IllegalArgumentException if {@code array.length != expected}
     */
    public static void lengthIs(String name, float[] array, int expected) {
        if (array.length != expected) {
            throw new IllegalArgumentException(name + ".length is " + array.length + " but must be " + expected);
        }
    }

    /**
     * The common length of two whole arrays.
     *
     * @param aName the first array's name, for the message
     * @param a the first array
     * @param bName the second array's name, for the message
     * @param b the second array
     * @return {@code a.length}, which equals {@code b.length}
     * @throws NullPointerException if {@code a} or {@code b} is {@code null}
     * @throws IllegalArgumentException if their lengths differ
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

    /**
     * Rejects an output region that shares an element with an input region (both already range-checked).
     *
     * @param outName the output's name, for the message
     * @param out the output array
     * @param outOff the output region's first index
     * @param outLen the output region's length
     * @param inName the input's name, for the message
     * @param in the input array
     * @param inOff the input region's first index
     * @param inLen the input region's length
     * @throws IllegalArgumentException if {@code out == in} and the two regions, both non-empty, intersect
     */
    public static void outputApartFromInput(String outName, float[] out, int outOff, int outLen,
                                            String inName, float[] in, int inOff, int inLen) {
        if (intersects(out, outOff, outLen, in, inOff, inLen)) {
            throw new IllegalArgumentException("output " + describe(outName, outOff, outLen) + " overlaps input "
                    + describe(inName, inOff, inLen) + " in the same array: outputs must not share elements"
                    + " with inputs");
        }
    }

    /**
     * Rejects two output regions that intersect without being exactly the same region.
     *
     * @param aName the first output's name, for the message
     * @param a the first output array
     * @param aOff the first region's first index
     * @param aLen the first region's length
     * @param bName the second output's name, for the message
     * @param b the second output array
     * @param bOff the second region's first index
     * @param bLen the second region's length
     * @throws IllegalArgumentException if {@code a == b} and the two regions, both non-empty, intersect
     *     without having the same offset and length
     */
    public static void outputsApartOrSame(String aName, float[] a, int aOff, int aLen,
                                          String bName, float[] b, int bOff, int bLen) {
        if (intersects(a, aOff, aLen, b, bOff, bLen) && !(aOff == bOff && aLen == bLen)) {
            throw new IllegalArgumentException("output " + describe(aName, aOff, aLen) + " partially overlaps output "
                    + describe(bName, bOff, bLen) + ": two outputs must be disjoint or exactly the same region");
        }
    }

    /**
     * Rejects two output regions that share an element (both already range-checked).
     *
     * @param aName the first output's name, for the message
     * @param a the first output's array
     * @param aOff the first region's first index
     * @param aLen the first region's length
     * @param bName the second output's name, for the message
     * @param b the second output's array
     * @param bOff the second region's first index
     * @param bLen the second region's length
     * @throws IllegalArgumentException if {@code a == b} and the two regions, both non-empty, intersect
     */
    public static void outputsApart(String aName, float[] a, int aOff, int aLen, String bName, float[] b, int bOff,
                                    int bLen) {
        if (intersects(a, aOff, aLen, b, bOff, bLen)) {
            throw new IllegalArgumentException("output " + describe(aName, aOff, aLen) + " overlaps output "
                    + describe(bName, bOff, bLen) + ": with leading dimensions, two outputs that are not the same"
                    + " matrix (same offset, shape and leading dimension) must be disjoint");
        }
    }

    /**
     * The extent of a stored matrix, from its first element to its last: {@code (rows-1)*ld + cols}, or 0 when
     * it has no element; after checking that {@code ld} is at least {@code cols} and at least 1.
     *
     * @param ldName the leading dimension's name, for the message
     * @param rows the rows as stored
     * @param cols the columns as stored
     * @param ld the distance between rows
     * @return the extent, at most {@link Integer#MAX_VALUE}
     * @throws IllegalArgumentException if {@code ld < max(1, cols)}, or if the extent exceeds
     *     {@link Integer#MAX_VALUE}
     */
    public static int extent(String ldName, int rows, int cols, int ld) {
        if (ld < Math.max(1, cols)) {
            throw new IllegalArgumentException(ldName + " = " + ld + " is less than the rows' length "
                    + Math.max(1, cols));
        }
        if (rows == 0 || cols == 0) {
            return 0;
        }
        long e = (long) (rows - 1) * ld + cols;
        if (e > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("the matrix with " + ldName + " = " + ld + " spans " + e
                    + " elements, more than Integer.MAX_VALUE");
        }
        return (int) e;
    }

    private static String describe(String name, int off, int len) {
        return name + "[" + off + ", " + ((long) off + len) + ")";
    }

    /**
     * The null and sign rules of matmulBackward: dY always, w when dX is given, x when dW is given; m, k, n
     * not negative.
     *
     * @param dY the gradient of {@code Y}
     * @param x the forward input {@code X}, or {@code null}
     * @param w the weights {@code W}, or {@code null}
     * @param dX the gradient of {@code X}, or {@code null}
     * @param dW the gradient of {@code W}, or {@code null}
     * @param m the rows of {@code X} and {@code dY}
     * @param k the columns of {@code X}, the rows of {@code W}
     * @param n the columns of {@code W} and {@code dY}
     * @throws NullPointerException if {@code dY} is {@code null}, if {@code dX} is given and {@code w} is
     *     {@code null}, or if {@code dW} is given and {@code x} is {@code null}
     * @throws IllegalArgumentException if {@code m}, {@code k} or {@code n} is negative
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

    /**
     * The rules of the whole-array matmulBackward: {@link #matmulOperands}, then the lengths
     * ({@code dY.length == m*n}; {@code dX.length == m*k} and {@code w.length == k*n} when {@code dX} is given;
     * {@code dW.length == k*n} and {@code x.length == m*k} when {@code dW} is given).
     *
     * @param dY the gradient of {@code Y}
     * @param x the forward input {@code X}, or {@code null}
     * @param w the weights {@code W}, or {@code null}
     * @param dX the gradient of {@code X}, or {@code null}
     * @param dW the gradient of {@code W}, or {@code null}
     * @param m the rows of {@code X} and {@code dY}
     * @param k the columns of {@code X}, the rows of {@code W}
     * @param n the columns of {@code W} and {@code dY}
     * @throws NullPointerException as {@link #matmulOperands} does
     * @throws IllegalArgumentException if {@code m}, {@code k} or {@code n} is negative, a product of two of
     *     them exceeds {@link Integer#MAX_VALUE}, or a length differs from the one above
     */
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
