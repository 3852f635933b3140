package dev.backflow.simd;

import dev.backflow.BackwardKernels;
import dev.backflow.contract.ContractRulesTest;
import dev.backflow.contract.GradientCheckTest;
import dev.backflow.Kernels;
import dev.backflow.contract.WorkedExamplesTest;
import org.junit.jupiter.api.Nested;

/** Core's contract tests (argument rules, worked examples, gradient checks), run on the vector kernels. */
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
}
