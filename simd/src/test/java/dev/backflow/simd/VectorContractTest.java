package dev.backflow.simd;

import dev.backflow.BackwardKernels;
import dev.backflow.Kernels;
import dev.backflow.contract.ContractRulesTest;
import dev.backflow.contract.GemmContractTest;
import dev.backflow.contract.GradientCheckTest;
import dev.backflow.contract.LeadingDimensionTest;
import dev.backflow.contract.MatmulDigestTest;
import dev.backflow.contract.NoAllocationTest;
import dev.backflow.contract.SameBitsAtEveryThreadCountTest;
import dev.backflow.contract.WorkedExamplesTest;
import org.junit.jupiter.api.Nested;

/**
 * Core's contract tests (argument rules, worked examples, gradient checks, the same bits at every thread
 * count, matmul's committed digests, no allocation on one thread), run on the vector kernels.
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
    }

    @Nested
    class Digests extends MatmulDigestTest {
        @Override
        protected String implementation() {
            return "vector";
        }
    }

    @Nested
    class Gemm extends GemmContractTest {
        @Override
        protected String implementation() {
            return "vector";
        }
    }

    @Nested
    class LeadingDimensions extends LeadingDimensionTest {
        @Override
        protected String implementation() {
            return "vector";
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
