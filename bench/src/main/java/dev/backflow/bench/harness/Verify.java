package dev.backflow.bench.harness;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.backflow.BackwardKernels;
import dev.backflow.Kernels;
import java.lang.management.ManagementFactory;

/**
 * What the kernel benchmarks check at setup, so that none silently measures something other than what it
 * names: the implementation in use, the JVM flags its fork was meant to have, and one call's result against
 * the scalar reference (the probes check their own call: {@code jmh.BandwidthBench}, {@code jmh.FmaPeakBench}). A
 * failed check throws, and the run fails (-foe true).
 */
public final class Verify {
    private Verify() {}

    /** The kernels named by a benchmark parameter ("scalar", "scalar-nosw", "vector"), checked. */
    public static BackwardKernels kernels(String impl) {
        String name = impl.equals("scalar-nosw") ? "scalar" : impl;
        BackwardKernels k;
        try {
            k = Kernels.named(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("benchmark asks for '" + impl + "' but this fork cannot run it: "
                    + e.getMessage() + ". Was -jvmArgsAppend given on the command line? It replaces the "
                    + "benchmark's own --add-modules jdk.incubator.vector; add that flag back.", e);
        }
        if (!k.name().equals(name)) {
            throw new IllegalStateException("asked for '" + name + "' but got '" + k.name() + "'");
        }
        boolean superWord = flag("UseSuperWord");
        if (impl.equals("scalar-nosw") == superWord) {
            throw new IllegalStateException("benchmark '" + impl + "' runs with UseSuperWord=" + superWord
                    + ": the fork's -XX:-UseSuperWord flag was lost (a command-line -jvmArgsAppend replaces it)");
        }
        return k;
    }

    /**
     * The kernels named by a benchmark parameter on that many threads: {@code Kernels.parallel(name, threads)},
     * which for one thread is the {@link #kernels(String)} object itself, checked as that method checks.
     */
    public static BackwardKernels kernels(String impl, int threads) {
        BackwardKernels one = kernels(impl);
        BackwardKernels k = Kernels.parallel(one.name(), threads);
        if (threads == 1 && k != one) {
            throw new IllegalStateException("Kernels.parallel(\"" + one.name() + "\", 1) is not the single-threaded "
                    + "kernels themselves but " + k);
        }
        if (!k.name().equals(one.name())) {
            throw new IllegalStateException("asked for '" + one.name() + "' on " + threads + " threads but got '"
                    + k.name() + "'");
        }
        return k;
    }

    static boolean flag(String name) {
        HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        return Boolean.parseBoolean(hotspot.getVMOption(name).getValue());
    }

    /** Throws unless the float arrays are bit-for-bit equal (any NaN equal to any NaN). */
    public static void sameBits(String what, float[] expected, float[] actual) {
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToIntBits(expected[i]) != Float.floatToIntBits(actual[i])) {
                throw new IllegalStateException(what + ": element " + i + " is " + actual[i] + " but the scalar "
                        + "reference gives " + expected[i]);
            }
        }
    }

    /**
     * Throws unless actual is within the contract's matmul bound of expected, taking the scalar result as
     * the reference: |a - e| &lt;= 2·γ(L+1)·(|e| + scale), a loose form for benchmark setup only.
     */
    public static void close(String what, float[] expected, float[] actual, int accumulation, double scale) {
        double gamma = (accumulation + 1) * 0x1p-24 / (1 - (accumulation + 1) * 0x1p-24);
        for (int i = 0; i < expected.length; i++) {
            double tol = 2 * gamma * (Math.abs(expected[i]) + scale) + 1e-30;
            if (!(Math.abs(expected[i] - actual[i]) <= tol)) {
                throw new IllegalStateException(what + ": element " + i + " is " + actual[i]
                        + " but the scalar reference gives " + expected[i] + " (tolerance " + tol + ")");
            }
        }
    }

    public static float[] random(java.util.SplittableRandom r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextDouble(-1, 1);
        }
        return a;
    }
}
