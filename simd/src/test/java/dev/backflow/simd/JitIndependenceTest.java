package dev.backflow.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backflow.testing.ChildJvm;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Same call, same machine, same bits, whatever the JIT has compiled: matmulBackward through every path of the
 * vector engine gives the same bits on its first call, after C2 has compiled it, and in a JVM that only
 * interprets (-Xint, where the Vector API runs its Java fallback). A reduction whose order the Vector API leaves
 * open, such as {@code reduceLanes(ADD)}, fails this.
 */
class JitIndependenceTest {

    static final String PATH = SimdPaths.WITH_TESTS;

    @Test
    void firstCallWarmAndInterpretedGiveTheSameBits() throws Exception {
        ChildJvm.Result jit = ChildJvm.java("--add-modules", "jdk.incubator.vector", "-cp", PATH,
                MatmulBits.class.getName(), "warm");
        assertEquals(0, jit.exit(), jit.err());
        List<String> lines = jit.out().lines().toList();
        String first = lines.get(0).substring("first ".length());
        String warm = lines.get(1).substring("warm ".length());
        assertEquals(first, warm, "first call against after warm-up");

        ChildJvm.Result interpreted = ChildJvm.java("--add-modules", "jdk.incubator.vector", "-Xint", "-cp", PATH,
                MatmulBits.class.getName());
        assertEquals(0, interpreted.exit(), interpreted.err());
        String xint = interpreted.out().lines().findFirst().orElseThrow().substring("first ".length());
        assertEquals(warm, xint, "-Xint against C2");
        assertTrue(warm.split(" ").length == MatmulBits.shapes().length, warm);
    }
}
