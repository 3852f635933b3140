package dev.backflow.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
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
            """)
    void theReasonNamesTheFlag(String flags, String named) throws Exception {
        List<String> args = new ArrayList<>(List.of("--add-modules", "jdk.incubator.vector"));
        args.addAll(List.of(flags.split(" ")));
        args.addAll(List.of("-cp", ChildJvm.PATH, "dev.backflow.Kernels"));
        ChildJvm.Result r = ChildJvm.java(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("best: scalar"), r.out());
        String reason = r.out().lines().filter(l -> l.startsWith("vector: not usable: ")).findFirst().orElse("");
        assertTrue(reason.contains(named), "expected a reason naming " + named + ", got: " + r.out());
        if (!named.equals("-Xint")) {
            assertTrue(!reason.contains("-Xint"), "a reason that blames -Xint for " + named + ": " + reason);
        }
        assertTrue(r.err().contains("WARNING") && r.err().contains(named), r.err());
    }

    @Test
    void withoutTieredCompilationTieredStopAtLevelIsIgnoredAndVectorIsChosen() throws Exception {
        // without tiered compilation, C2 compiles alone, whatever TieredStopAtLevel says
        ChildJvm.Result r = ChildJvm.java("--add-modules", "jdk.incubator.vector", "-XX:-TieredCompilation",
                "-XX:TieredStopAtLevel=1", "-cp", ChildJvm.PATH, "dev.backflow.Kernels");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("best: vector"), r.out());
    }
}
