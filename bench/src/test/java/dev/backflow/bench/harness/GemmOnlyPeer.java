package dev.backflow.bench.harness;

import java.util.function.Consumer;

/** A peer for tests that has a GEMM only: its matmulBackward fails the test if anything calls it. */
public final class GemmOnlyPeer {
    private GemmOnlyPeer() {}

    public static MatmulPeer of(Consumer<MatmulPeer.GemmProblem> gemm) {
        return new MatmulPeer() {
            @Override
            public void run(Problem p, boolean dX, boolean dW) {
                throw new AssertionError("only the GEMM was to be called");
            }

            @Override
            public void gemm(GemmProblem g) {
                gemm.accept(g);
            }
        };
    }
}
