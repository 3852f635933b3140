package dev.backflow.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backflow.BackwardKernels;
import dev.backflow.Kernels;
import dev.backflow.testing.Allocation;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The single-threaded path allocates nothing: neither a one-thread instance nor a many-thread instance on
 * calls below the split size, measured for each kernel with the JVM's per-thread allocation counter around
 * many calls. Subclasses run it on other implementations.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public class NoAllocationTest {

    /** The implementation under test. */
    protected String implementation() {
        return "scalar";
    }

    static final int N = 1000;
    static final float[] A = new float[4 * N];
    static final float[] B = new float[N];
    static final float[] C = new float[N];
    static final float[] DX = new float[N];
    static final float[] DY = new float[N];
    static final float[] E = new float[16 * 512];

    record Kernel(String name, Consumer<BackwardKernels> call) {}

    static final List<Kernel> KERNELS = List.of(
            new Kernel("add", k -> k.addBackward(A, 0, DX, 0, DY, 0, N)),
            new Kernel("mul", k -> k.mulBackward(A, 0, B, 0, C, 0, DX, 0, DY, 0, N)),
            new Kernel("max", k -> k.maxBackward(A, 0, B, 0, C, 0, DX, 0, DY, 0, N)),
            new Kernel("relu", k -> k.reluBackward(A, 0, B, 0, DX, 0, N)),
            new Kernel("sigmoid", k -> k.sigmoidBackward(A, 0, B, 0, DX, 0, N)),
            new Kernel("copy", k -> k.copyBackward(A, 0, 4, DX, 0, N)),
            new Kernel("matmul", k -> k.matmulBackward(A, 0, B, 0, C, 0, DX, 0, DY, 0, 8, 8, 8)),
            new Kernel("matmul, leading dimensions",
                    k -> k.matmulBackward(A, 0, 12, B, 0, 12, C, 0, 12, DX, 0, 12, DY, 0, 12, 40, 8, 8)),
            new Kernel("sgemm", k -> k.sgemm(false, true, 40, 8, 8, 0.5f, A, 0, 8, B, 0, 8, 2f, DX, 0, 8)),
            new Kernel("sgemm, dot order", k -> k.sgemm(false, true, 4, 7, 128, 0.5f, A, 0, 128, B, 0, 128, 2f, DX,
                    0, 7)),
            new Kernel("sgemm, dot order, A transposed", k -> k.sgemm(true, true, 16, 1, 512, 1f, E, 0, 16, A, 0, 512,
                    1f, DX, 0, 1)),
            new Kernel("sgemm, one row", k -> k.sgemm(false, false, 1, 300, 3, 1f, A, 0, 3, E, 0, 300, 1f, DX, 0, 300)),
            new Kernel("sgemm, two rows", k -> k.sgemm(false, false, 2, 200, 3, 0.5f, A, 0, 3, E, 0, 200, 1f, DX, 0,
                    200)),
            new Kernel("sgemm, four rows", k -> k.sgemm(false, false, 4, 100, 9, 1.5f, A, 0, 9, B, 0, 100, 1f, DX, 0,
                    100)),
            new Kernel("sgemm, five rows", k -> k.sgemm(false, false, 5, 100, 9, 1f, A, 0, 9, B, 0, 100, 0f, DX, 0,
                    100)));

    /** Bytes this thread allocates over {@code calls} calls after a warm-up: {@link Allocation#least}. */
    static long allocatedBy(Kernel kernel, BackwardKernels k, int calls) {
        return Allocation.least(() -> kernel.call().accept(k), 20_000, calls, 5);
    }

    /**
     * Null, or why this implementation's {@code kernel} is known to allocate on its own (not because of
     * threads): that kernel is then reported as skipped, with the reason.
     */
    protected String knownToAllocate(String kernel) {
        return null;
    }

    static List<String> kernels() {
        return KERNELS.stream().map(Kernel::name).toList();
    }

    @ParameterizedTest
    @MethodSource("kernels")
    public void oneThreadAndSmallCallsAllocateNothing(String name) {
        String gap = knownToAllocate(name);
        Assumptions.assumeTrue(gap == null, gap);
        assertTrue(Allocation.measurable());
        Kernel kernel = KERNELS.stream().filter(k -> k.name().equals(name)).findFirst().orElseThrow();
        int calls = 10_000; // a split allocates at least a few dozen bytes per call: hundreds of KiB here
        List<String> allocating = new ArrayList<>();
        for (BackwardKernels k : new BackwardKernels[] {Kernels.named(implementation()),
            Kernels.parallel(implementation(), 4)}) {
            long bytes = allocatedBy(kernel, k, calls);
            if (bytes >= 1024) {
                allocating.add(k + " " + name + ": " + bytes + " bytes in " + calls + " calls");
            }
        }
        assertEquals(List.of(), allocating);
    }
}
