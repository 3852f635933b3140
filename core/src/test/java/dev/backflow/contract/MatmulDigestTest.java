package dev.backflow.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.backflow.BackwardKernels;
import dev.backflow.Kernels;
import dev.backflow.internal.Split;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Matmul's bits are the same on every machine: the committed file {@code matmul-digests.txt} holds the SHA-256
 * of dX and dW for a fixed, seeded set of cases (batches 1 to 40 and every route, odd and prime sizes, edge
 * tiles, k and n around multiples of the rounding block, special values, non-zero outputs, offsets), and every
 * implementation, at every vector width and thread count, on every CPU that runs the tests, must give them. The
 * oracle {@link MatmulOrder}, written from the contract's text and sharing no code with any implementation,
 * gives them too, and the same oracle with a changed order does not. Regenerate the file only for a deliberate
 * change of the contract: {@code MatmulDigestTest.main(path)} (see the README).
 */
public class MatmulDigestTest extends ContractTestCase {

    static final int[] THREADS = {1, 2, 3, 4, 7, 8};
    static final String FILE = "matmul-digests.txt";

    /** One call: its shape, offsets, which outputs, and the seed and kind of its values. */
    public record Case(String name, int m, int k, int n, int[] off, boolean dX, boolean dW, String values, long seed) {
        /** The case as the file's line starts: name, shape, offsets, outputs, values and seed. */
        public String spec() {
            return name + " " + m + " " + k + " " + n + " " + off[0] + "," + off[1] + "," + off[2] + "," + off[3]
                    + "," + off[4] + " " + (dX ? "dX" : "-") + (dW ? "dW" : "-") + " " + values + " " + seed;
        }
    }

    /** The cases, generated from fixed seeds: the file's first column names them. */
    public static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(20261201L);
        int[] odd = {1, 2, 3, 5, 7, 13, 15, 16, 17, 31, 33, 47, 63, 97};
        for (int m = 1; m <= 40; m++) { // every batch to past the dot order's limit (32)
            int k = odd[r.nextInt(odd.length)];
            int n = odd[r.nextInt(odd.length)] + (m % 3 == 0 ? 256 : 0);
            cases.add(make(r, "batch" + m, m, k, n, true, true, m % 5 == 0 ? "special" : "ordinary"));
        }
        int[][] shapes = {
            {32, 19, 255}, {33, 19, 255}, {32, 40, 513}, {33, 40, 513}, // both sides of the dot order's limit
            {1, 300, 700}, {2, 300, 70}, // dW's rank-one update and the GEMM at a batch of two
            {255, 9, 21}, {256, 9, 21}, {257, 9, 21}, {511, 5, 17}, {513, 5, 17}, // dW's sums around the block
            {40, 23, 255}, {40, 23, 256}, {40, 23, 257}, {37, 11, 511}, {37, 11, 512}, {37, 11, 769}, // dX's
            {70, 1100, 45}, {6, 1030, 300}, {67, 130, 257}, // A blocks, B panels past NC, edge tiles everywhere
            {45, 7, 1}, {1, 1, 1}, {3, 1, 5}, {45, 64, 64}, {100, 100, 100}};
        for (int[] s : shapes) {
            cases.add(make(r, "shape" + s[0] + "x" + s[1] + "x" + s[2], s[0], s[1], s[2], true, true, "ordinary"));
        }
        cases.add(make(r, "special-dot", 7, 21, 300, true, true, "special"));
        cases.add(make(r, "special-gemm", 50, 33, 300, true, true, "special"));
        cases.add(make(r, "wide-gemm", 60, 70, 530, true, true, "wide"));
        cases.add(make(r, "wide-dot", 9, 70, 530, true, true, "wide"));
        cases.add(make(r, "dX-only", 50, 17, 260, true, false, "ordinary"));
        cases.add(make(r, "dW-only", 50, 17, 260, false, true, "ordinary"));
        cases.add(make(r, "zero-outputs", 48, 48, 300, true, true, "zero-out"));
        return cases;
    }

    private static Case make(SplittableRandom r, String name, int m, int k, int n, boolean dX, boolean dW,
                             String values) {
        int[] off = {r.nextInt(5), r.nextInt(5), r.nextInt(5), r.nextInt(5), r.nextInt(5)};
        return new Case(name, m, k, n, off, dX, dW, values, r.nextLong());
    }

    /** The arrays of a case: dY, x, w, dX, dW, each with its offset and 3 floats after the region. */
    static float[][] arrays(Case c) {
        SplittableRandom r = new SplittableRandom(c.seed());
        int[] len = {c.m() * c.n(), c.m() * c.k(), c.k() * c.n(), c.m() * c.k(), c.k() * c.n()};
        float[][] a = new float[5][];
        for (int i = 0; i < 5; i++) {
            a[i] = new float[c.off()[i] + len[i] + 3];
            for (int j = 0; j < a[i].length; j++) {
                a[i][j] = value(r, c.values(), i >= 3);
            }
        }
        return a;
    }

    private static float value(SplittableRandom r, String kind, boolean output) {
        double u = r.nextDouble();
        switch (kind) {
            case "zero-out":
                return output ? 0f : (float) r.nextDouble(-1, 1);
            case "special":
                if (u < 0.04) {
                    float[] special = {0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN,
                        Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE};
                    return special[r.nextInt(special.length)];
                }
                if (u < 0.1) {
                    return Float.intBitsToFloat(r.nextInt(1, 0x800000) | (r.nextBoolean() ? 0x80000000 : 0));
                }
                return (float) r.nextDouble(-2, 2);
            case "wide":
                return (float) (r.nextDouble(-1, 1) * Math.scalb(1.0, r.nextInt(-40, 40)));
            default:
                if (u < 0.1) {
                    return r.nextBoolean() ? 0f : -0f;
                }
                if (u < 0.2) {
                    return r.nextInt(-3, 4);
                }
                return (float) r.nextDouble(-1, 1);
        }
    }

    /** Runs a case through {@code k} and returns the digests of the whole dX and dW arrays. */
    public static String[] digests(Case c, BackwardKernels k) {
        float[][] a = arrays(c);
        k.matmulBackward(a[0], c.off()[0], a[1], c.off()[1], a[2], c.off()[2], c.dX() ? a[3] : null, c.off()[3],
                c.dW() ? a[4] : null, c.off()[4], c.m(), c.k(), c.n());
        return new String[] {sha256(a[3]), sha256(a[4])};
    }

    /** The same through the oracle. */
    static String[] digests(Case c, MatmulOrder order) {
        float[][] a = arrays(c);
        order.apply(a[0], c.off()[0], a[1], c.off()[1], a[2], c.off()[2], c.dX() ? a[3] : null, c.off()[3],
                c.dW() ? a[4] : null, c.off()[4], c.m(), c.k(), c.n());
        return new String[] {sha256(a[3]), sha256(a[4])};
    }

    /** SHA-256 of the floats' bits, every NaN as the one canonical NaN ({@link Float#floatToIntBits}). */
    static String sha256(float[] v) {
        ByteBuffer bytes = ByteBuffer.allocate(v.length * Float.BYTES);
        for (float f : v) {
            bytes.putInt(Float.floatToIntBits(f));
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.array()));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** The committed file: case name to its line's fields (spec fields, then dX and dW digests). */
    public static Map<String, String[]> committed() throws IOException {
        Map<String, String[]> lines = new LinkedHashMap<>();
        try (InputStream in = MatmulDigestTest.class.getResourceAsStream(FILE)) {
            assertTrue(in != null, FILE + " is missing from the test resources");
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    String[] f = line.trim().split(" +");
                    lines.put(f[0], f);
                }
            }
        }
        return lines;
    }

    @Test
    void theFileDescribesExactlyTheseCases() throws IOException {
        Map<String, String[]> file = committed();
        List<Case> cases = cases();
        assertEquals(cases.size(), file.size(), "cases in the file");
        for (Case c : cases) {
            String[] f = file.get(c.name());
            assertTrue(f != null, c.name() + " is not in " + FILE);
            assertEquals(c.spec(), String.join(" ", List.of(f).subList(0, f.length - 2)), "the spec of " + c.name());
        }
    }

    @Test
    void everyCaseGivesTheCommittedDigestsAtEveryThreadCount() throws IOException {
        Map<String, String[]> file = committed();
        List<String> wrong = new ArrayList<>();
        // First at the measured grain on one thread (the first calls run interpreted: cold), then split at
        // every thread count with the grain lowered so that these small calls do split.
        for (int t : THREADS) {
            Split.overrideGrainForTests(t == 1 ? 0 : 1);
            BackwardKernels k = t == 1 ? Kernels.named(implementation()) : Kernels.parallel(implementation(), t);
            for (Case c : cases()) {
                String[] f = file.get(c.name());
                String[] got = digests(c, k);
                if (!got[0].equals(f[f.length - 2]) || !got[1].equals(f[f.length - 1])) {
                    wrong.add(c.name() + " on " + t + " thread(s)"
                            + (got[0].equals(f[f.length - 2]) ? " (dW)" : " (dX)"));
                }
            }
        }
        if (!wrong.isEmpty()) {
            fail(implementation() + " gives other bits than the contract's order (" + FILE + ") in " + wrong.size()
                    + " case(s): " + wrong.subList(0, Math.min(10, wrong.size())) + ". A mismatch means this build"
                    + " or this machine sums matmul in another order than the contract's; see the README.");
        }
    }

    @Test
    void theOracleWrittenFromTheContractGivesTheCommittedDigests() throws IOException {
        Map<String, String[]> file = committed();
        for (Case c : cases()) {
            String[] f = file.get(c.name());
            String[] got = digests(c, MatmulOrder.CONTRACT);
            assertEquals(f[f.length - 2], got[0], "dX of " + c.name());
            assertEquals(f[f.length - 1], got[1], "dW of " + c.name());
        }
    }

    @Test
    void theDigestsCatchAChangedOrder() throws IOException {
        Map<String, String[]> file = committed();
        MatmulOrder[] changed = {new MatmulOrder(128, 16, 32), new MatmulOrder(512, 16, 32),
            new MatmulOrder(256, 8, 32), new MatmulOrder(256, 16, 16), new MatmulOrder(256, 16, 33)};
        for (MatmulOrder order : changed) {
            int caught = 0;
            for (Case c : cases()) {
                String[] f = file.get(c.name());
                String[] got = digests(c, order);
                caught += got[0].equals(f[f.length - 2]) && got[1].equals(f[f.length - 1]) ? 0 : 1;
            }
            assertNotEquals(0, caught, order + " gives every committed digest");
        }
    }

    /**
     * Writes the digest file from the scalar implementation (which the tests then check against the oracle).
     *
     * @param args the file to write
     * @throws IOException if it cannot be written
     */
    public static void main(String[] args) throws IOException {
        StringBuilder out = new StringBuilder("# SHA-256 of matmulBackward's whole dX and dW arrays (float bits, NaN"
                + " canonical) per case:\n# name m k n offsets(dY,x,w,dX,dW) outputs values seed dX-digest dW-digest"
                + "\n# Written by MatmulDigestTest.main from the scalar kernels; checked against the contract's oracle."
                + "\n");
        for (Case c : cases()) {
            String[] d = digests(c, Kernels.scalar());
            out.append(c.spec()).append(' ').append(d[0]).append(' ').append(d[1]).append('\n');
        }
        Files.writeString(Path.of(args[0]), out);
    }
}
