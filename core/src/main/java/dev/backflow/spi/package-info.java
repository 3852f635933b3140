/**
 * The service-provider interface: how another library plugs a faster implementation of
 * {@link dev.backflow.BackwardKernels} into the {@link dev.backflow.Kernels} dispatcher.
 *
 * <p>A provider author writes two classes:
 * <ul>
 *   <li>a subclass of {@link dev.backflow.spi.CheckedBackwardKernels}, implementing its {@code *Kernel}
 *       methods and {@code name()}. The base class implements every method of the contract: it checks each
 *       call's arguments against every rule of {@link dev.backflow.BackwardKernels} (nulls, sizes, ranges,
 *       overlaps) before calling a kernel, returns before any kernel is called when a size is zero, and
 *       allocates nothing for the checks. A kernel is therefore called only with valid, non-overlapping
 *       arguments and sizes above zero; it must still give the contract's results (the exact bits for the
 *       elementwise gates, the error bound for matmul), and must not write anything if it throws;</li>
 *   <li>a {@link dev.backflow.spi.KernelProvider}, registered with {@link java.util.ServiceLoader} (a
 *       {@code provides} clause on the module path, {@code META-INF/services} on the class path), which says
 *       whether its kernels can run on this JVM and creates them.</li>
 * </ul>
 *
 * <p>These two types are the whole SPI. Anything else in Backflow's jars outside {@code dev.backflow} and
 * this package is not API, even where the class path makes it reachable.
 */
package dev.backflow.spi;
