package dev.backflow.spi;

import dev.backflow.BackwardKernels;
import java.util.Optional;

/**
 * A pluggable implementation of {@link BackwardKernels}, found by {@link java.util.ServiceLoader} on the class
 * path ({@code META-INF/services}) and on the module path ({@code provides}).
 *
 * <p>Loading a provider must be safe on any JVM: it may not touch an API that can be missing (such as
 * {@code jdk.incubator.vector}) until {@link #unusableReason()} has said that it is usable.
 *
 * <p>If {@link #unusableReason()}, {@link #describe()} or {@code create(1)} throws (any unchecked exception
 * or {@link Error}, such as {@link OutOfMemoryError} or {@link LinkageError}), the dispatcher
 * treats the provider as unusable, with that failure as the reason, and falls back to a slower implementation
 * with a warning. So {@link #create(int)} should do every one-time initialisation its kernels need (class
 * initialisation, caches, scratch), so that such a failure happens there and not in a later call.
 */
public interface KernelProvider {

    /**
     * The name of the kernels it creates.
     *
     * @return a name unique among providers (for example {@code "vector"})
     */
    String name();

    /**
     * Its rank in {@link dev.backflow.Kernels#best()}.
     *
     * @return the priority: higher wins; the scalar reference has 0
     */
    int priority();

    /**
     * Empty if these kernels can run here; otherwise one sentence saying which check failed and what to do
     * about it (for example which JVM flag to add). Called once.
     *
     * @return empty if usable, else the reason
     */
    Optional<String> unusableReason();

    /**
     * A short description for the dispatcher's log line. Called only when usable.
     *
     * @return for example the vector width in use
     */
    String describe();

    /**
     * Kernels, ready to run, that run each large call on up to {@code threads} threads with the same bits
     * as the one-thread kernels. Called only when {@link #unusableReason()} is empty, at most once per thread
     * count (the dispatcher keeps what it gets), with {@code threads} in
     * {@code [1, }{@link dev.backflow.Kernels#MAX_THREADS}{@code ]}: {@code create(1)} when the provider is
     * evaluated, other counts when {@link dev.backflow.Kernels#parallel(String, int)} first asks for them. An
     * implementation built on {@link CheckedBackwardKernels} passes {@code threads} to its constructor, which
     * then splits the elementwise calls; its {@code matmulKernel} splits itself, or runs on one thread.
     *
     * @param threads the most threads a call may use, in {@code [1, }{@link dev.backflow.Kernels#MAX_THREADS}{@code ]}
     * @return the implementation
     */
    BackwardKernels create(int threads);

    /**
     * The single-threaded kernels.
     *
     * @return {@code create(1)}
     */
    default BackwardKernels create() {
        return create(1);
    }
}
