package dev.backflow.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backflow.testing.ChildJvm;
import org.junit.jupiter.api.Test;

/**
 * A runtime without {@code jdk.management} (as a jlinked image may be), imitated with {@code --limit-modules}:
 * Backflow starts, on the module path and on the class path, and falls back to scalar saying that the module is
 * missing and how to add it.
 */
class LaunchWithoutManagementTest {

    static final String REASON = "vector: not usable: the jdk.management module is not in this runtime";

    static void assertFallsBackNamingTheModule(ChildJvm.Result r) {
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("best: scalar"), r.out() + r.err());
        assertTrue(r.out().contains(REASON) && r.out().contains("--add-modules jdk.management"), r.out());
        assertTrue(r.err().contains("WARNING") && r.err().contains("jdk.management"), r.err());
    }

    @Test
    void onTheModulePath() throws Exception {
        // only Backflow's modules and what they require, without their static requirements
        assertFallsBackNamingTheModule(ChildJvm.java("-p", SimdPaths.PATH, "--limit-modules",
                "dev.backflow.core,dev.backflow.simd", "-m", "dev.backflow.core/dev.backflow.Kernels"));
    }

    @Test
    void onTheClassPath() throws Exception {
        assertFallsBackNamingTheModule(ChildJvm.java("--limit-modules", "java.base,jdk.incubator.vector",
                "--add-modules", "jdk.incubator.vector", "-cp", SimdPaths.PATH, "dev.backflow.Kernels"));
    }

    @Test
    void withTheModuleInTheRuntimeTheModulePathGivesVectorWithoutAFlag() throws Exception {
        // simd only "requires static jdk.management"; the module is resolved anyway, by service binding
        // (java.base uses a service of java.management, which uses one that jdk.management provides)
        ChildJvm.Result r = ChildJvm.java("-p", SimdPaths.PATH, "--limit-modules",
                "dev.backflow.core,dev.backflow.simd,jdk.management", "-m", "dev.backflow.core/dev.backflow.Kernels");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("best: vector"), r.out() + r.err());
    }
}
