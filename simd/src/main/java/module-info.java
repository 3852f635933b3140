/**
 * Backflow's Vector API kernels ({@code "vector"}), found by the dispatcher through
 * {@link dev.backflow.spi.KernelProvider}.
 */
module dev.backflow.simd {
    requires dev.backflow.core;
    requires jdk.incubator.vector;
    requires static jdk.management; // HotSpotDiagnosticMXBean: is C2 on?

    provides dev.backflow.spi.KernelProvider with dev.backflow.simd.VectorKernelProvider;
}
