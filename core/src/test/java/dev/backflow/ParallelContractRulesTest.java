package dev.backflow;

import dev.backflow.contract.ContractRulesTest;

/** The argument and overlap rules hold on a many-thread instance too: the checks come before any split. */
class ParallelContractRulesTest extends ContractRulesTest {
    @Override
    protected BackwardKernels kernels() {
        return Kernels.parallel("scalar", 4);
    }
}
