/**
 * Backflow's public API: the {@link dev.backflow.BackwardKernels} contract, the {@link dev.backflow.Kernels}
 * dispatcher and the scalar reference implementation. Faster implementations plug in through
 * {@link dev.backflow.spi.KernelProvider}.
 */
module dev.backflow.core {
    exports dev.backflow;
    exports dev.backflow.spi;

    uses dev.backflow.spi.KernelProvider;
}
