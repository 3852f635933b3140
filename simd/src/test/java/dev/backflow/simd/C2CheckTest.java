package dev.backflow.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backflow.simd.C2Check.Flag;
import dev.backflow.simd.C2Check.VmFlags;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The C2 check on flag sets a test JVM cannot be started with (a JVMCI compiler, a CPU without FMA) and on
 * the JVM running the tests. {@link LaunchCompilerFlagsTest} runs the flags that can be set.
 */
class C2CheckTest {

    /** A default HotSpot's flags in mixed mode, with the given ones changed (by the user unless said). */
    static VmFlags flags(String vmInfo, Map<String, Flag> changed) {
        Map<String, Flag> all = new HashMap<>(Map.of("UseCompiler", new Flag("true", false),
                "TieredCompilation", new Flag("true", false), "TieredStopAtLevel", new Flag("4", false),
                "CompilationMode", new Flag("default", false), "UseFMA", new Flag("true", false)));
        all.putAll(changed);
        return new VmFlags(all, vmInfo);
    }

    static Optional<String> problem(Map<String, Flag> changed) {
        return C2Check.problem(flags("mixed mode, sharing", changed));
    }

    @Test
    void aDefaultHotSpotHasNoProblem() {
        assertEquals(Optional.empty(), problem(Map.of()));
    }

    @Test
    void theJvmRunningTheTestsHasNoProblem() {
        // the tests run on HotSpot with C2 and FMA; if not, every "vector" test here would be meaningless
        assertEquals(Optional.empty(), C2Check.problem(HotSpotFlags.read().orElseThrow()));
    }

    @Test
    void aJvmciCompilerIsRefused() {
        String reason = problem(Map.of("UseJVMCICompiler", new Flag("true", true))).orElseThrow();
        assertTrue(reason.contains("JVMCI") && reason.contains("-XX:-UseJVMCICompiler"), reason);
        assertEquals(Optional.empty(), problem(Map.of("UseJVMCICompiler", new Flag("false", false))));
    }

    @Test
    void aCpuWithoutFmaIsRefusedAndTheReasonSaysItIsTheCpu() {
        String reason = problem(Map.of("UseFMA", new Flag("false", false))).orElseThrow();
        assertTrue(reason.contains("this CPU has no fused multiply-add") && !reason.contains("-XX:-UseFMA"), reason);
        String byFlag = problem(Map.of("UseFMA", new Flag("false", true))).orElseThrow();
        assertTrue(byFlag.contains("-XX:-UseFMA") && byFlag.contains("remove that flag"), byFlag);
    }

    @Test
    void fmaTurnedOffWithAvxNamesTheFlagNotTheCpu() {
        // as HotSpot 25 shows -XX:UseAVX=0 and -XX:UseSSE=0 (kept as 2) on an AVX2 CPU: UseFMA off by default
        Flag fmaOff = new Flag("false", false);
        String avx = problem(Map.of("UseFMA", fmaOff, "UseAVX", new Flag("0", true))).orElseThrow();
        assertTrue(avx.contains("-XX:UseAVX=0") && avx.contains("remove that flag") && !avx.contains("CPU"), avx);
        String sse = problem(Map.of("UseFMA", fmaOff, "UseAVX", new Flag("0", false), "UseSSE", new Flag("2", true)))
                .orElseThrow();
        assertTrue(sse.contains("-XX:UseSSE") && sse.contains("remove that flag") && !sse.contains("CPU"), sse);
        // -XX:UseAVX=0 -XX:+UseFMA: the VM turns UseFMA off anyway; blaming -XX:-UseFMA would be wrong
        String both = problem(Map.of("UseFMA", new Flag("false", true), "UseAVX", new Flag("0", true)))
                .orElseThrow();
        assertTrue(both.contains("-XX:UseAVX=0") && !both.contains("-XX:-UseFMA"), both);
        // a CPU without AVX, whatever UseSSE the user left at 4
        String cpu = problem(Map.of("UseFMA", fmaOff, "UseAVX", new Flag("0", false), "UseSSE", new Flag("4", true)))
                .orElseThrow();
        assertTrue(cpu.contains("this CPU has no fused multiply-add"), cpu);
    }

    @Test
    void inliningOrReboxingTurnedOffIsRefusedAndNamed() {
        String inline = problem(Map.of("Inline", new Flag("false", true))).orElseThrow();
        assertTrue(inline.contains("-XX:-Inline") && inline.contains("remove that flag"), inline);
        String rebox = problem(Map.of("EnableVectorReboxing", new Flag("false", true))).orElseThrow();
        assertTrue(rebox.contains("-XX:-EnableVectorReboxing") && rebox.contains("remove that flag"), rebox);
        assertEquals(Optional.empty(), problem(Map.of("Inline", new Flag("true", false),
                "EnableVectorReboxing", new Flag("true", false))));
    }

    @Test
    void eachWayOfTurningTheCompilersOffIsNamed() {
        // as HotSpot 25 reports them (see LaunchCompilerFlagsTest for the real flags)
        Flag userOff = new Flag("false", true);
        assertTrue(C2Check.problem(flags("interpreted mode, sharing", Map.of("UseCompiler", new Flag("false", false),
                "TieredCompilation", new Flag("false", true)))).orElseThrow().contains("remove -Xint"));
        assertTrue(problem(Map.of("UseCompiler", userOff, "TieredCompilation", new Flag("false", true),
                "TieredStopAtLevel", new Flag("0", true))).orElseThrow().contains("remove -XX:TieredStopAtLevel=0"));
        assertTrue(problem(Map.of("UseCompiler", userOff)).orElseThrow().contains("remove -XX:-UseCompiler"));
        String other = problem(Map.of("UseCompiler", new Flag("false", false))).orElseThrow();
        assertTrue(other.contains("UseCompiler is false") && !other.contains("-Xint"), other);
    }

    @Test
    void tieredStopAtLevelCountsOnlyWithTieredCompilation() {
        assertTrue(problem(Map.of("TieredStopAtLevel", new Flag("2", true))).orElseThrow()
                .contains("-XX:TieredStopAtLevel=2"));
        assertEquals(Optional.empty(), problem(Map.of("TieredStopAtLevel", new Flag("2", true),
                "TieredCompilation", new Flag("false", true))));
    }

    @Test
    void flagsTheVmDoesNotShowAreNotHeldAgainstIt() {
        // experimental flags (EnableVectorSupport, UseJVMCICompiler) are hidden unless unlocked
        assertEquals(Optional.empty(), C2Check.problem(new VmFlags(Map.of(), "mixed mode")));
    }
}
