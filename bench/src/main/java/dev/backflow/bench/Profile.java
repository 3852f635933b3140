package dev.backflow.bench;

import java.util.List;
import java.util.Map;

/**
 * What a run measures: each suite with its parameters, and how long JMH spends on each benchmark.
 * <ul>
 *   <li>{@code quick}: every suite at fewer sizes and shapes, one fork: a first look, under 4 minutes on 2 cores.
 *       Its warmup (600 ms) is long enough for C2 to compile the Vector API kernels; shorter ones measure
 *       the interpreter.</li>
 *   <li>{@code full}: every size and shape, two forks (Vector API timings can be bimodal across forks through
 *       array alignment): the real measurement, about half an hour on 2 cores.</li>
 *   <li>{@code smoke}: every benchmark once, for a few milliseconds at the smallest size: CI's check that
 *       nothing is broken. Its numbers mean nothing.</li>
 * </ul>
 */
record Profile(String name, int forks, int warmups, int warmupMillis, int iterations, int iterationMillis,
               List<Suite> suites) {

    /** A benchmark class with parameter overrides ({@code null} keeps the class's own values). */
    record Suite(String benchmarkClass, Map<String, List<String>> params) {
        Suite(String benchmarkClass) {
            this(benchmarkClass, Map.of());
        }
    }

    static final List<String> MATMUL_IMPLS = List.of("scalar", "vector", "ejml", "netlib-vector", "openblas");
    static final List<String> PRODUCT_IMPLS = List.of("vector", "netlib-vector", "openblas");

    static Profile named(String name) {
        return switch (name) {
            case "quick" -> new Profile("quick", 1, 1, 600, 2, 200, List.of(
                    new Suite("ElementwiseBench", Map.of("size", List.of("L2", "DRAM"))),
                    new Suite("ElementwiseNoSuperWordBench", Map.of("size", List.of("L2", "DRAM"))),
                    new Suite("BandwidthBench", Map.of("size", List.of("L2", "DRAM"))),
                    new Suite("FmaPeakBench"),
                    new Suite("MatmulBench", Map.of("shape", List.of("128", "512", "64x784x256"))),
                    new Suite("MatmulProductBench", Map.of("shape", List.of("512", "64x784x256")))));
            case "full" -> new Profile("full", 2, 2, 500, 4, 500, List.of(
                    new Suite("ElementwiseBench"),
                    new Suite("ElementwiseNoSuperWordBench"),
                    new Suite("BandwidthBench"),
                    new Suite("FmaPeakBench"),
                    new Suite("MatmulBench"),
                    new Suite("MatmulProductBench")));
            case "smoke" -> new Profile("smoke", 1, 0, 1, 1, 5, List.of(
                    new Suite("ElementwiseBench", Map.of("size", List.of("L1"))),
                    new Suite("ElementwiseNoSuperWordBench", Map.of("size", List.of("L1"))),
                    new Suite("BandwidthBench", Map.of("size", List.of("L1"))),
                    new Suite("FmaPeakBench"),
                    new Suite("MatmulBench", Map.of("shape", List.of("64"))),
                    new Suite("MatmulProductBench", Map.of("shape", List.of("64")))));
            default -> throw new IllegalArgumentException("unknown profile '" + name + "' (quick, full, smoke)");
        };
    }
}
