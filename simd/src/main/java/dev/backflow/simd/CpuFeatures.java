package dev.backflow.simd;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/** What the JIT can use of this CPU, as far as the blocking cares: the number of vector registers. */
final class CpuFeatures {
    private CpuFeatures() {}

    /**
     * 32 on AArch64 (NEON, SVE) and on x86 where HotSpot uses AVX-512 ({@code UseAVX} = 3, which also holds with
     * {@code -XX:MaxVectorSize=32}); 16 on other x86 (AVX2, AVX, SSE) and wherever the flag cannot be read, the
     * safe guess: a kernel sized for 16 registers runs well on 32, not the other way round.
     */
    static int vectorRegisters() {
        String arch = System.getProperty("os.arch", "");
        if (arch.equals("aarch64")) {
            return 32;
        }
        return "3".equals(hotspotOption("UseAVX")) ? 32 : 16;
    }

    /**
     * Whether HotSpot uses AVX-512 here ({@code UseAVX} = 3): the cores where the GEMM's transposing pack by
     * vector gathers beat scalar copies (Zen 4); on AVX2 (Zen 3) gathers were the slower of the two.
     */
    static boolean hasAvx512() {
        return "3".equals(hotspotOption("UseAVX"));
    }

    /** A HotSpot flag's value, or null where it cannot be read (no jdk.management, another VM, no such flag). */
    static String hotspotOption(String name) {
        try {
            HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return hotspot == null ? null : hotspot.getVMOption(name).getValue();
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }
}
