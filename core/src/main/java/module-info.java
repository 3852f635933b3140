/**
 * Backflow's public API: the {@link dev.backflow.BackwardKernels} contract, the {@link dev.backflow.Kernels}
 * dispatcher and the scalar reference implementation. Faster implementations plug in through the SPI in
 * {@link dev.backflow.spi}. {@code dev.backflow.internal} is shared with Backflow's own modules only.
 */
module dev.backflow.core {
    exports dev.backflow;
    exports dev.backflow.spi;
    exports dev.backflow.internal to dev.backflow.simd;

    uses dev.backflow.spi.KernelProvider;
}
