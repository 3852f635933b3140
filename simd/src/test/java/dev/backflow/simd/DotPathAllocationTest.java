package dev.backflow.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backflow.testing.ChildJvm;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * matmulBackward at the small batches of dX's dot path (both products: dW takes the packed GEMM there) allocates
 * nothing, whatever C2 compiled first, at the execution's vector width. The child JVMs under
 * {@code -XX:UseAVX=2 -XX:-TieredCompilation} also caught dW's packing of A allocating 45 KB a call at 32×128×64
 * (an unintrinsified 128-bit step store; see {@code Gemm.STEP}). Whether C2 inlines a method depends on what it
 * compiled before, and a vector passed to a method it did not inline is boxed: the tree that was reverted in
 * 0c35e00 passed NoAllocationTest in most JVMs and allocated 11.5 KB a call at 8×8×8 in one CI run. Run in these
 * children (its classes, from f58c3da, first on the class path), it allocated at every shape in each of four JVMs
 * under {@code -XX:-TieredCompilation} (2.3 KB to 344 KB a call), and after the "wide" warm-up with the default
 * JIT at five of seven shapes in one JVM of two; NoAllocationTest's one shape and one order did not see it. With
 * kc 64 (the last case; its flag replaces the JIT flag), the 8-row kernel that stores a tile's sums in the tile buffer
 * once left its stores out of line, boxing 16 vectors a call (a tenth of the speed for sgemm TN at 256³ with kc 128).
 */
class DotPathAllocationTest {

    @ParameterizedTest(name = "{0} warm-up, flag {1}")
    @CsvSource({"wide, -XX:+TieredCompilation", "small, -XX:+TieredCompilation", "none, -XX:-TieredCompilation",
        "wide, -XX:-TieredCompilation", "wide, -Dbackflow.gemm.kc=64"})
    void theDotPathAllocatesNothingAfterAnyWarmUp(String order, String jit) throws Exception {
        // the child takes this execution's vector flags (scripts/test.sh runs simd's tests at 128, 256 and 512 bits,
        // and under -XX:UseAVX=2, whose 16 registers take the 4-row tile), so that each one's kernels are checked
        List<String> cmd = new ArrayList<>(List.of("--add-modules", "jdk.incubator.vector", jit));
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-XX:MaxVectorSize") || a.startsWith("-XX:UseAVX")
                        || a.equals("-XX:+IgnoreUnrecognizedVMOptions"))
                .forEach(cmd::add);
        cmd.addAll(List.of("-cp", SimdPaths.WITH_TESTS, DotPathAllocation.class.getName(), order));
        ChildJvm.Result r = ChildJvm.java(cmd.toArray(String[]::new));
        assertEquals(0, r.exit(), r.out() + r.err());
        String line = r.out().strip();
        assertTrue(line.matches("(\\d+x\\d+x\\d+=\\d+ ?)+"), r.out() + r.err());
        List<String> allocating = new ArrayList<>();
        for (String shape : line.split(" ")) {
            long bytes = Long.parseLong(shape.substring(shape.indexOf('=') + 1));
            if (bytes >= 1024) { // bytes in 2000 calls: a boxed vector a call is 160 KB and more
                allocating.add(shape);
            }
        }
        assertEquals(List.of(), allocating, "bytes in " + DotPathAllocation.CALLS + " calls");
    }
}
