package dev.backflow.simd;

import dev.backflow.BackwardKernels;
import dev.backflow.Kernels;
import dev.backflow.contract.MatmulDigestTest;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A child-JVM program for {@link TuningIsBitNeutralTest}: checks the committed matmul digests (cases up to
 * {@code args[0]} multiply-adds) on the vector kernels of this JVM, whatever its {@code backflow.gemm.*}
 * properties, and prints the blocking, then {@code ok N} or each mismatch; then sgemm on each of its routes
 * against the scalar reference, {@code sgemm ok N} or each mismatch.
 */
public final class DigestChild {
    private DigestChild() {}

    public static void main(String[] args) throws Exception {
        long limit = Long.parseLong(args[0]);
        System.out.println("blocking: " + Blocking.CURRENT.describe());
        Map<String, String[]> file = MatmulDigestTest.committed();
        BackwardKernels vector = Kernels.named("vector");
        int ok = 0;
        for (MatmulDigestTest.Case c : MatmulDigestTest.cases()) {
            if ((long) c.m() * c.k() * c.n() > limit) {
                continue;
            }
            String[] want = file.get(c.name());
            String[] got = MatmulDigestTest.digests(c, vector);
            if (got[0].equals(want[want.length - 2]) && got[1].equals(want[want.length - 1])) {
                ok++;
            } else {
                System.out.println("mismatch " + c.name());
            }
        }
        System.out.println("ok " + ok);
        System.out.println("sgemm ok " + sgemmCases(vector, Kernels.scalar()));
    }

    /**
     * sgemm on each of its routes (packed, B read in place, the few-rows kernels, the dot order with A as it lies
     * and copied), in the vector kernels against the scalar reference, bit for bit: the number that agreed,
     * after printing {@code sgemm mismatch} and the case for each that did not.
     */
    static int sgemmCases(BackwardKernels vector, BackwardKernels scalar) {
        int[][] cases = { // transA, transB, m, n, k
            {0, 0, 67, 130, 300}, {1, 0, 70, 90, 530}, {0, 1, 9, 300, 257}, {0, 1, 8, 300, 256},
            {1, 1, 20, 300, 700}, {1, 1, 100, 40, 600}, {0, 0, 5, 1030, 600}, {1, 0, 6, 300, 300},
            {0, 0, 4, 300, 600}, {0, 0, 2, 300, 600}, {0, 0, 1, 340, 600}};
        SplittableRandom r = new SplittableRandom(27);
        int ok = 0;
        for (int[] c : cases) {
            boolean ta = c[0] == 1;
            boolean tb = c[1] == 1;
            int m = c[2];
            int n = c[3];
            int k = c[4];
            float[] a = fill(r, m * k);
            float[] b = fill(r, k * n);
            float[] want = fill(r, m * n);
            float[] got = want.clone();
            scalar.sgemm(ta, tb, m, n, k, 0.75f, a, 0, ta ? m : k, b, 0, tb ? k : n, 1.5f, want, 0, n);
            vector.sgemm(ta, tb, m, n, k, 0.75f, a, 0, ta ? m : k, b, 0, tb ? k : n, 1.5f, got, 0, n);
            if (Arrays.equals(want, got)) {
                ok++;
            } else {
                System.out.println("sgemm mismatch " + Arrays.toString(c));
            }
        }
        return ok;
    }

    private static float[] fill(SplittableRandom r, int length) {
        float[] x = new float[length];
        for (int i = 0; i < length; i++) {
            x[i] = (float) r.nextDouble(-1, 1);
        }
        return x;
    }
}
