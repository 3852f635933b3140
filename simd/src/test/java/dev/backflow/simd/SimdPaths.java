package dev.backflow.simd;

import dev.backflow.Kernels;
import dev.backflow.testing.ChildJvm;
import java.io.File;

/** The paths a child JVM of simd's tests runs on. */
final class SimdPaths {
    private SimdPaths() {}

    /** core and simd, as a class path or module path. */
    static final String PATH = ChildJvm.path(Kernels.class, VectorKernelProvider.class);

    /** core, simd, simd's test classes (the children's main classes) and core's, which they use. */
    static final String WITH_TESTS = PATH + File.pathSeparator + ChildJvm.path(SimdPaths.class, ChildJvm.class);
}
