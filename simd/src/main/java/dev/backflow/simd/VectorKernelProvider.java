package dev.backflow.simd;

import dev.backflow.BackwardKernels;
import dev.backflow.Kernels;
import dev.backflow.spi.KernelProvider;
import java.util.Optional;

/**
 * Offers the {@code "vector"} kernels where C2 compiles them to SIMD instructions. In order, it checks that
 * the {@code jdk.incubator.vector} module is readable; that the {@code jdk.management} module is readable
 * (its MXBean is how the VM's flags are read); that the VM is HotSpot; then, through {@link C2Check}, that
 * C2 compiles (no {@code -Xint}, {@code -XX:TieredStopAtLevel=0..3} with tiered compilation,
 * {@code -XX:-UseCompiler}, {@code -XX:CompilationMode=quick-only}, JVMCI compiler or
 * {@code -XX:-EnableVectorSupport}), that C2 can inline the Vector API's calls and rebox its vectors (no
 * {@code -XX:-Inline} or {@code -XX:-EnableVectorReboxing}) and that the CPU's fused multiply-add is in use
 * ({@code UseFMA}); then that the preferred vector width is at least 128 bits; and last, unless
 * {@value Kernels#PROPERTY} forces {@code vector}, that a timed {@link SelfTest} does not find them grossly
 * slower than the scalar kernels. {@link #create(int)} initialises the kernels by one tiny call of each path.
 *
 * <p>This class must load on any JVM, so it names no {@code jdk.incubator.vector} or {@code jdk.management}
 * type; {@link VectorKernels} and {@link HotSpotFlags} are touched only once their modules are known to be
 * there.
 */
public final class VectorKernelProvider implements KernelProvider {

    static final String MODULE = "jdk.incubator.vector";
    static final String MANAGEMENT = "jdk.management";

    /** Called by {@link java.util.ServiceLoader}; does no work until asked. */
    public VectorKernelProvider() {}

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
        if (!readable(MODULE)) {
            return Optional.of("the " + MODULE + " module is not in this JVM; start java with --add-modules "
                    + MODULE + " (class path), or put backflow-simd on the module path");
        }
        if (!readable(MANAGEMENT)) {
            return Optional.of("the " + MANAGEMENT + " module is not in this runtime, so Backflow cannot check"
                    + " that C2 compiles the Vector API; add it to the jlinked image (jlink --add-modules "
                    + MANAGEMENT + ")");
        }
        Optional<C2Check.VmFlags> flags = HotSpotFlags.read();
        if (flags.isEmpty()) {
            return Optional.of("the JVM is not HotSpot (" + System.getProperty("java.vm.name")
                    + "), so the Vector API may not be compiled to SIMD instructions");
        }
        Optional<String> compiler = C2Check.problem(flags.get());
        if (compiler.isPresent()) {
            return compiler;
        }
        int bits = VectorKernels.preferredBits();
        if (bits < 128) {
            return Optional.of("the preferred vector width is only " + bits + " bits (at least 128 are needed;"
                    + " check -XX:MaxVectorSize and -XX:UseAVX)");
        }
        if (forced()) {
            return Optional.empty();
        }
        return SelfTest.problem(SelfTest.result(flags.get()));
    }

    /** Whether the user forced these kernels with {@value Kernels#PROPERTY}: then the self-test is skipped. */
    private static boolean forced() {
        return "vector".equals(System.getProperty(Kernels.PROPERTY, "").trim());
    }

    /** Whether this module reads that one: in its own layer on the module path, in the boot layer on the class path. */
    private static boolean readable(String module) {
        Module self = VectorKernelProvider.class.getModule();
        ModuleLayer layer = self.getLayer() != null ? self.getLayer() : ModuleLayer.boot();
        Optional<Module> m = layer.findModule(module);
        return m.isPresent() && self.canRead(m.get());
    }

    @Override
    public String describe() {
        return "Vector API, " + VectorKernels.preferredBits() + "-bit FloatVector; matmul blocking: "
                + Blocking.CURRENT.describe() + SelfTest.ifRun().map(r -> "; " + r.summary()).orElse("");
    }

    /** The kernels, with every path run once (see {@link VectorKernels#initialise()}). */
    @Override
    public BackwardKernels create(int threads) {
        VectorKernels kernels = new VectorKernels(threads);
        kernels.initialise();
        return kernels;
    }
}
