package dev.backflow.simd;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.backflow.BackwardKernels;
import dev.backflow.spi.KernelProvider;
import java.lang.management.ManagementFactory;
import java.util.Optional;

/**
 * Offers the {@code "vector"} kernels where the Vector API is fast, following the checks of Lucene's
 * vectorization provider: the incubator module is readable, the VM is HotSpot with C2 compiling (without C2
 * the Vector API falls back to slow Java code) and the preferred vector width is at least 128 bits.
 *
 * <p>This class must load on any JVM, so it names no {@code jdk.incubator.vector} type; {@link VectorKernels}
 * is touched only once the module is known to be there.
 */
public final class VectorKernelProvider implements KernelProvider {

    static final String MODULE = "jdk.incubator.vector";

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public Optional<String> unusableReason() {
        Optional<Module> vector = ModuleLayer.boot().findModule(MODULE);
        if (vector.isEmpty() || !getClass().getModule().canRead(vector.get())) {
            return Optional.of("the " + MODULE + " module is not in this JVM; start java with --add-modules "
                    + MODULE + " (class path), or put backflow-simd on the module path");
        }
        Optional<String> compiler = c2Problem();
        if (compiler.isPresent()) {
            return compiler;
        }
        int bits = VectorKernels.preferredBits();
        if (bits < 128) {
            return Optional.of("the preferred vector width is only " + bits + " bits (at least 128 are needed;"
                    + " check -XX:MaxVectorSize and -XX:UseAVX)");
        }
        return Optional.empty();
    }

    /** Why C2 will not compile the Vector API here, if it will not. */
    static Optional<String> c2Problem() {
        HotSpotDiagnosticMXBean hotspot;
        try {
            hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        } catch (RuntimeException | LinkageError e) {
            hotspot = null;
        }
        if (hotspot == null) {
            return Optional.of("the JVM is not HotSpot (" + System.getProperty("java.vm.name")
                    + "), so the Vector API may not be compiled to SIMD instructions");
        }
        if ("false".equals(option(hotspot, "UseCompiler"))) {
            return Optional.of("the JIT compiler is off (-Xint): remove -Xint");
        }
        String stop = option(hotspot, "TieredStopAtLevel");
        if ("true".equals(option(hotspot, "TieredCompilation")) && stop != null && Integer.parseInt(stop) < 4) {
            return Optional.of("C2 is disabled by -XX:TieredStopAtLevel=" + stop + ": remove that flag");
        }
        if ("false".equals(option(hotspot, "EnableVectorSupport"))) {
            return Optional.of("Vector API intrinsics are off (-XX:-EnableVectorSupport)");
        }
        return Optional.empty();
    }

    private static String option(HotSpotDiagnosticMXBean hotspot, String name) {
        try {
            return hotspot.getVMOption(name).getValue();
        } catch (IllegalArgumentException e) { // no such flag in this VM build
            return null;
        }
    }

    @Override
    public String describe() {
        return "Vector API, " + VectorKernels.preferredBits() + "-bit FloatVector";
    }

    @Override
    public BackwardKernels create() {
        return new VectorKernels();
    }
}
