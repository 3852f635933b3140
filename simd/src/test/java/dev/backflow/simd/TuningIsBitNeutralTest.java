package dev.backflow.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backflow.testing.ChildJvm;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No tuning property changes a bit: with the GEMM's cache blocks, micro-kernel and transposing pack set far from
 * their defaults (a kc that cuts every rounding block into pieces whose sums wait in the tile buffer, tiny and
 * odd A blocks and B panels, gathers, copies or register transposes, tiles added to C from the tile buffer or by
 * the micro-kernel, the 6-row tile for an A packed as steps where the default is 8 rows), the vector kernels still
 * give the committed digests, and sgemm on each of its routes the scalar reference's bits (child JVMs,
 * {@link DigestChild}).
 */
class TuningIsBitNeutralTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "-Dbackflow.gemm.kc=40 -Dbackflow.gemm.mc=12 -Dbackflow.gemm.nc=48 -Dbackflow.gemm.transposePack=gather"
            + " -Dbackflow.gemm.addSlivers=1 -Dbackflow.gemm.directBytes=0 -Dbackflow.gemm.kernelAddsC=false",
        "-Dbackflow.gemm.kc=40 -Dbackflow.gemm.mc=12 -Dbackflow.gemm.nc=48 -Dbackflow.gemm.directBytes=0"
            + " -Dbackflow.gemm.kernelAddsC=true",
        "-Dbackflow.gemm.kc=200 -Dbackflow.gemm.mc=300 -Dbackflow.gemm.nc=4000 -Dbackflow.gemm.transposePack=copy"
            + " -Dbackflow.gemm.addSlivers=3 -Dbackflow.gemm.directBytes=1048576",
        "-Dbackflow.gemm.kc=72 -Dbackflow.gemm.mc=30 -Dbackflow.gemm.transposePack=transpose"
            + " -Dbackflow.gemm.addSlivers=1000 -Dbackflow.gemm.mrSteps=6"})
    void settingsFarFromTheDefaultsGiveTheCommittedDigests(String properties) throws Exception {
        Assumptions.assumeFalse(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .anyMatch(a -> a.contains("MaxVectorSize") || a.contains("UseAVX")),
                "runs in the default test execution only (its child JVMs take none of the execution's flags)");
        String[] props = properties.split(" ");
        String[] cmd = new String[props.length + 5];
        System.arraycopy(props, 0, cmd, 0, props.length);
        System.arraycopy(new String[] {"--add-modules", "jdk.incubator.vector", "-cp",
            SimdPaths.WITH_TESTS + java.io.File.pathSeparator + System.getProperty("java.class.path"),
            DigestChild.class.getName()}, 0, cmd, props.length, 5);
        String[] all = Arrays.copyOf(cmd, cmd.length + 1);
        all[cmd.length] = "3000000";
        ChildJvm.Result r = ChildJvm.java(120, all);
        assertEquals(0, r.exit(), r.out() + r.err());
        for (String p : props) {
            String setting = p.substring(2);
            assertTrue(r.out().contains(setting.substring(setting.lastIndexOf('.') + 1)),
                    "not applied: " + p + "\n" + r.out());
        }
        if (Blocking.CURRENT.mr() == Blocking.MR_WIDE_FILE && VectorKernels.LANES == 16) {
            // every setting above applies with the 6-row tile on 16 lanes: none may have been ignored
            assertFalse(r.out().contains(" ignored"), "a setting was ignored: " + r.out());
        }
        assertFalse(r.out().contains("mismatch"), r.out());
        assertTrue(r.out().contains("ok "), r.out());
        assertTrue(r.out().contains("sgemm ok 11"), r.out());
    }
}
