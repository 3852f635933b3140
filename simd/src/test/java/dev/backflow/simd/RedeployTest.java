package dev.backflow.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backflow.Kernels;
import dev.backflow.testing.ChildJvm;
import org.junit.jupiter.api.Test;

/**
 * Redeploying: three cycles of a fresh class loader holding core and simd, split calls made through it, the
 * loader dropped. Before, every worker lived for ever and pinned its loader (five cycles left five loaders
 * and 15 workers, issue 17 item 5). Now the loaders are collected and no worker is left, whether the workers
 * end by themselves after the keep-alive or by {@link Kernels#shutdownWorkers()}.
 */
class RedeployTest {

    /** Only the child's main class on its class path: core and simd come from each deployment's loader. */
    static final String CHILD = ChildJvm.location(RedeployChild.class);

    @Test
    void idleWorkersEndAfterTheKeepAliveAndNoLoaderIsKept() throws Exception {
        ChildJvm.Result r = ChildJvm.java("--add-modules", "jdk.incubator.vector",
                "-D" + Kernels.KEEP_ALIVE_PROPERTY + "=300", "-cp", CHILD, RedeployChild.class.getName(),
                "keep-alive", SimdPaths.PATH);
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("ok"), r.out() + r.err());
    }

    @Test
    void shutdownWorkersEndsThemAndNoLoaderIsKept() throws Exception {
        // The default keep-alive (30 s) is longer than the child waits (20 s): only the shutdown ends them.
        ChildJvm.Result r = ChildJvm.java("--add-modules", "jdk.incubator.vector", "-cp", CHILD,
                RedeployChild.class.getName(), "shutdown", SimdPaths.PATH);
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("ok"), r.out() + r.err());
    }
}
