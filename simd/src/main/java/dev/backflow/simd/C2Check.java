package dev.backflow.simd;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether C2 will compile the vector kernels here, decided from the VM's flags. The kernels are fast only as
 * C2 compiles them, with its Vector API intrinsics; run by the interpreter or compiled by C1, the Vector API
 * works on vectors as Java objects and is far slower than the scalar kernels. Every matmul path also calls
 * {@code fma}, which without the CPU's FMA instructions is computed in software (measured on a 2-vCPU AMD
 * EPYC VM: a 64³ matmulBackward took 199 ms with {@code -XX:-UseFMA}, against 14 µs with FMA and 0.22 ms for
 * the scalar kernels).
 */
final class C2Check {
    private C2Check() {}

    /** A VM flag's value, and whether the user set it (command line, JAVA_TOOL_OPTIONS, a flags file). */
    record Flag(String value, boolean setByUser) {}

    /**
     * The flags {@link #problem} reads, by name; a flag the VM does not show is absent (experimental flags
     * such as {@code UseJVMCICompiler} show only where they are unlocked, which they must be to be changed).
     * {@code vmInfo} is the {@code java.vm.info} property, which says "interpreted mode" under {@code -Xint}.
     */
    record VmFlags(Map<String, Flag> flags, String vmInfo) {
        String value(String name) {
            Flag f = flags.get(name);
            return f == null ? null : f.value();
        }

        boolean setByUser(String name) {
            Flag f = flags.get(name);
            return f != null && f.setByUser();
        }
    }

    /**
     * The flags read, for {@link HotSpotFlags}: those {@link #problem} checks, the x86 flags that can turn FMA
     * off, and the compile thresholds {@link SelfTest} needs.
     */
    static final List<String> FLAGS = List.of("UseCompiler", "TieredCompilation", "TieredStopAtLevel",
            "CompilationMode", "UseJVMCICompiler", "EnableVectorSupport", "Inline", "EnableVectorReboxing",
            "UseFMA", "UseAVX", "UseSSE", "Tier3InvocationThreshold", "Tier4InvocationThreshold",
            "CompileThreshold");

    /** Why C2 will not compile the vector kernels with FMA here, naming the flag to change; empty if it will. */
    static Optional<String> problem(VmFlags vm) {
        if ("false".equals(vm.value("UseCompiler"))) {
            return Optional.of(compilerOff(vm));
        }
        String stop = vm.value("TieredStopAtLevel");
        if ("true".equals(vm.value("TieredCompilation")) && stop != null && Integer.parseInt(stop) < 4) {
            return Optional.of("-XX:TieredStopAtLevel=" + stop + " stops compilation below C2 (level 4), so the"
                    + " Vector API is not compiled to SIMD instructions: remove that flag");
        }
        if ("quick-only".equals(vm.value("CompilationMode"))) {
            return Optional.of("-XX:CompilationMode=quick-only compiles with C1 only, so the Vector API is not"
                    + " compiled to SIMD instructions: remove that flag");
        }
        if ("true".equals(vm.value("UseJVMCICompiler"))) {
            return Optional.of("a JVMCI compiler such as Graal compiles in place of C2 (UseJVMCICompiler is on),"
                    + " and the vector kernels are written for C2's Vector API intrinsics: add"
                    + " -XX:-UseJVMCICompiler to use C2");
        }
        if ("false".equals(vm.value("EnableVectorSupport"))) {
            return Optional.of("-XX:-EnableVectorSupport turns C2's Vector API intrinsics off: remove that flag");
        }
        if ("false".equals(vm.value("Inline"))) {
            return Optional.of("-XX:-Inline turns inlining off, and C2 compiles a Vector API call to SIMD"
                    + " instructions only where it inlines it: each vector becomes a Java object, and the vector"
                    + " kernels run 40-90x slower than the scalar ones: remove that flag");
        }
        if ("false".equals(vm.value("EnableVectorReboxing"))) {
            return Optional.of("-XX:-EnableVectorReboxing keeps C2 from reusing the Java objects of vectors it had"
                    + " to box, and the vector kernels run about 3x slower than the scalar ones: remove that flag");
        }
        if ("false".equals(vm.value("UseFMA"))) {
            String flag = fmaFlag(vm);
            return Optional.of((flag == null ? "this CPU has no fused multiply-add (UseFMA is off)" : flag)
                    + ", so every fma of the matmul kernels would be computed in software, far slower than the"
                    + " scalar kernels" + (flag == null ? "" : ": remove that flag"));
        }
        return Optional.empty();
    }

    /**
     * The flag that turned FMA off, said as a cause, or null where the CPU lacks it. On x86, {@code -XX:UseAVX=0}
     * and a {@code -XX:UseSSE} below 4 turn AVX off, and FMA with it, whatever {@code UseFMA} says; the VM shows
     * the {@code UseSSE} it kept (2 for 0 or 1), so the message gives that value as the VM's.
     */
    private static String fmaFlag(VmFlags vm) {
        boolean noAvx = "0".equals(vm.value("UseAVX"));
        String sse = vm.value("UseSSE");
        if (noAvx && vm.setByUser("UseAVX")) {
            return "-XX:UseAVX=0 turns AVX off, and fused multiply-add with it";
        }
        if (noAvx && vm.setByUser("UseSSE") && sse != null && !sse.equals("4")) {
            return "-XX:UseSSE below 4 turns AVX off, and fused multiply-add with it (UseSSE is " + sse + " here)";
        }
        if (vm.setByUser("UseFMA")) {
            return "-XX:-UseFMA turns fused multiply-add off";
        }
        return null;
    }

    /**
     * No JIT compiler runs: name the flag that did it. {@code -XX:TieredStopAtLevel=0} and
     * {@code -XX:-UseCompiler} both show as {@code UseCompiler} set on the command line; {@code -Xint} leaves
     * {@code UseCompiler} at its default origin and puts the VM in "interpreted mode".
     */
    private static String compilerOff(VmFlags vm) {
        String flag;
        if (vm.vmInfo() != null && vm.vmInfo().contains("interpreted mode")) {
            flag = "-Xint";
        } else if ("0".equals(vm.value("TieredStopAtLevel")) && vm.setByUser("TieredStopAtLevel")) {
            flag = "-XX:TieredStopAtLevel=0";
        } else if (vm.setByUser("UseCompiler")) {
            flag = "-XX:-UseCompiler";
        } else {
            return "the JIT compilers are off (UseCompiler is false), so the Vector API is interpreted";
        }
        return flag + " turns the JIT compilers off, so the Vector API is interpreted: remove " + flag;
    }
}
