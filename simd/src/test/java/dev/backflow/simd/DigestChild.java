package dev.backflow.simd;

import dev.backflow.BackwardKernels;
import dev.backflow.Kernels;
import dev.backflow.contract.MatmulDigestTest;
import java.util.Map;

/**
 * A child-JVM program for {@link TuningIsBitNeutralTest}: checks the committed matmul digests (cases up to
 * {@code args[0]} multiply-adds) on the vector kernels of this JVM, whatever its {@code backflow.gemm.*}
 * properties, and prints the blocking, then {@code ok N} or each mismatch.
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
    }
}
