package dev.backflow.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backflow.testing.ChildJvm;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * With each flag that keeps C2 from compiling the vector kernels, or takes FMA away, a fresh JVM with the
 * incubator module chooses scalar, and the reason names that flag. (A JVMCI compiler cannot be started with
 * this JDK: {@link C2CheckTest} covers it.)
 */
class LaunchCompilerFlagsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            -XX:CompilationMode=quick-only                          | -XX:CompilationMode=quick-only
            -XX:TieredStopAtLevel=0                                 | -XX:TieredStopAtLevel=0
            -XX:TieredStopAtLevel=1                                 | -XX:TieredStopAtLevel=1
            -XX:TieredStopAtLevel=3                                 | -XX:TieredStopAtLevel=3
            -Xint                                                   | -Xint
            -XX:-UseCompiler                                        | -XX:-UseCompiler
            -XX:-UseFMA                                             | -XX:-UseFMA
            -XX:+UnlockExperimentalVMOptions -XX:-EnableVectorSupport | -XX:-EnableVectorSupport
            -XX:-Inline                                             | -XX:-Inline
            -XX:+UnlockExperimentalVMOptions -XX:-EnableVectorReboxing | -XX:-EnableVectorReboxing
            """)
    void theReasonNamesTheFlag(String flags, String named) throws Exception {
        ChildJvm.Result r = kernelsMain(flags);
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("best: scalar"), r.out());
        String reason = r.out().lines().filter(l -> l.startsWith("vector: not usable: ")).findFirst().orElse("");
        assertTrue(reason.contains(named), "expected a reason naming " + named + ", got: " + r.out());
        if (!named.equals("-Xint")) {
            assertTrue(!reason.contains("-Xint"), "a reason that blames -Xint for " + named + ": " + reason);
        }
        assertTrue(r.err().contains("WARNING") && r.err().contains(named), r.err());
    }

    /** {@code java --add-modules jdk.incubator.vector FLAGS -cp core:simd dev.backflow.Kernels}. */
    static ChildJvm.Result kernelsMain(String flags) throws Exception {
        List<String> args = new ArrayList<>(List.of("--add-modules", "jdk.incubator.vector"));
        args.addAll(List.of(flags.split(" ")));
        args.addAll(List.of("-cp", SimdPaths.PATH, "dev.backflow.Kernels"));
        return ChildJvm.java(args.toArray(String[]::new));
    }

    static boolean x86() {
        return List.of("amd64", "x86_64").contains(System.getProperty("os.arch"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            -XX:UseAVX=0 | -XX:UseAVX=0
            -XX:UseSSE=0 | -XX:UseSSE
            -XX:UseAVX=0 -XX:+UseFMA | -XX:UseAVX=0
            """)
    void fmaTurnedOffByAnX86FlagNamesTheFlagNotTheCpu(String flags, String named) throws Exception {
        Assumptions.assumeTrue(x86(), "UseAVX and UseSSE are x86 flags");
        ChildJvm.Result r = kernelsMain(flags);
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("best: scalar"), r.out());
        String warning = r.err().lines().filter(l -> l.startsWith("WARNING: Backflow")).findFirst().orElse("");
        assertTrue(warning.contains(named) && warning.contains("fused multiply-add"), r.err());
        assertTrue(!warning.contains("CPU") && !warning.contains("-XX:-UseFMA"), warning);
    }

    /**
     * A flag no list knows: with the Vector API's binary operations no longer intrinsified, the vector kernels
     * are some 10x slower than scalar once C2 has compiled them, and the self-test says so, naming the JVM's
     * options. (CompileThresholdScaling brings C2 sooner, so that the test is short on a busy machine too.)
     */
    @Test
    void theSelfTestCatchesAFlagNoListKnows() throws Exception {
        // binary ops and loads both: with binary ops alone, 512-bit Zen 5 ran the vector kernels only 2.6x slower
        // than a scalar kernel the self-test had measured before C2 compiled it, under its 3x, and passed them
        String flag = "-XX:DisableIntrinsic=_VectorBinaryOp,_VectorLoadOp";
        // the budget raised: on a machine busy with other builds, the JIT may take seconds to finish its work
        ChildJvm.Result r = kernelsMain("-XX:+UnlockDiagnosticVMOptions " + flag + " -XX:CompileThresholdScaling=0.2"
                + " -D" + SelfTest.Budget.PROPERTY + "=30000");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("best: scalar"), r.out() + r.err());
        String warning = r.err().lines().filter(l -> l.startsWith("WARNING: Backflow")).findFirst().orElse("");
        assertTrue(warning.contains("self-test failed") && warning.contains(flag), r.err());
    }

    /**
     * Flags that only look as if they could hurt: measured on JDK 25, the vector kernels stay faster than scalar
     * (or as fast) under each, so the self-test lets them through, passed or inconclusive, never failed; the
     * normal JVM's line says what the self-test measured.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            -Xshare:auto
            -XX:MaxInlineSize=0
            -XX:InlineSmallCode=0
            -XX:+UnlockExperimentalVMOptions -XX:-EnableVectorAggressiveReboxing
            """)
    void harmlessFlagsKeepTheVectorKernels(String flags) throws Exception {
        ChildJvm.Result r = kernelsMain(flags);
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("best: vector"), r.out() + r.err());
        String info = r.err().lines().filter(l -> l.startsWith("INFO: Backflow")).findFirst().orElse("");
        assertTrue(info.contains("self-test passed: mulBackward on") || info.contains("self-test inconclusive"),
                r.err());
    }

    @Test
    void withoutTieredCompilationTieredStopAtLevelIsIgnoredAndVectorIsChosen() throws Exception {
        // without tiered compilation, C2 compiles alone, whatever TieredStopAtLevel says
        ChildJvm.Result r = ChildJvm.java("--add-modules", "jdk.incubator.vector", "-XX:-TieredCompilation",
                "-XX:TieredStopAtLevel=1", "-cp", SimdPaths.PATH, "dev.backflow.Kernels");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("best: vector"), r.out());
    }
}
