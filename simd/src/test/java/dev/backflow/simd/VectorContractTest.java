package dev.backflow.simd;

import dev.backflow.BackwardKernels;
import dev.backflow.contract.ContractRulesTest;
import dev.backflow.Kernels;
import dev.backflow.contract.NoAllocationTest;
import dev.backflow.contract.GradientCheckTest;
import dev.backflow.contract.SameBitsAtEveryThreadCountTest;
import dev.backflow.contract.WorkedExamplesTest;
import org.junit.jupiter.api.Nested;

/**
 * Core's contract tests (argument rules, worked examples, gradient checks, the same bits at every thread
 * count, no allocation on one thread), run on the vector kernels.
 */
class VectorContractTest {

    static BackwardKernels vector() {
        return Kernels.named("vector");
    }

    @Nested
    class Rules extends ContractRulesTest {
        @Override
        protected BackwardKernels kernels() {
            return vector();
        }
    }

    @Nested
    class Examples extends WorkedExamplesTest {
        @Override
        protected BackwardKernels kernels() {
            return vector();
        }
    }

    @Nested
    class Gradients extends GradientCheckTest {
        @Override
        protected BackwardKernels kernels() {
            return vector();
        }
    }

    @Nested
    class SameBits extends SameBitsAtEveryThreadCountTest {
        @Override
        protected String implementation() {
            return "vector";
        }

        /**
         * Not yet: SmallMatmul sums each dot product with reduceLanes(ADD), whose order the Vector API leaves
         * open, and the interpreter's order differs from C2's: a 5×70×61 dX differed in 183 of 350 elements
         * between a first call and the same call once compiled. Return true once the sums have a fixed order.
         */
        @Override
        protected boolean matmulRepeatsItsBits() {
            return false;
        }
    }

    @Nested
    class NoAllocation extends NoAllocationTest {
        @Override
        protected String implementation() {
            return "vector";
        }
    }

    @Nested
    class RulesOnFourThreads extends ContractRulesTest {
        @Override
        protected BackwardKernels kernels() {
            return Kernels.parallel("vector", 4);
        }
    }
}
