package dev.backflow.bench.jmh;

import dev.backflow.bench.harness.BadInput;

import java.util.List;
import java.util.Map;

/**
 * What a run measures: each suite with its parameters, and how long JMH spends on each benchmark. JMH options
 * given on the command line ({@code -f}, {@code -wi}, {@code -w}, {@code -i}, {@code -r}, {@code -p}) win over
 * these.
 * <ul>
 *   <li>{@code quick}: every suite at fewer sizes and shapes, one fork: a first look. No confidence
 *       intervals between runs (one fork), so not for the CI gate.</li>
 *   <li>{@code full}: every size and shape, two forks (Vector API timings can be bimodal across forks through
 *       array alignment): the real measurement, planned at about 50 minutes on 2 cores.</li>
 *   <li>{@code ci}: the gate's profile: Backflow's vector kernels (every elementwise kernel at L2, matmul at
 *       four shapes; no peers, no ceilings), three forks, so that compare gives each row an interval. The
 *       scalar rows are left out: C2's auto-vectorization of the scalar loops varies from fork to fork (in
 *       seven runs of the same code, scalar mul at L2 had fork means from 1.8 to 32 µs), which a few forks
 *       cannot judge.</li>
 *   <li>{@code scaling}: what one thread more buys, each thread count beside the others in one run (the
 *       thread count is the last parameter, so JMH measures the counts of one row one after another):
 *       matmulBackward (Backflow vector, OpenBLAS) at 1024³, 512×1024×1024 and 256×784×1024, and every vector
 *       elementwise kernel with its bandwidth probe at DRAM, on 1 and 2 threads ({@code -p threads=1,2,4,8}
 *       for other counts); the FMA peak once, on one thread. Two forks of 3 × 1 s warm-up and 5 × 0.5 s
 *       measurement: a 1024³ matmulBackward takes about 0.1 s on one core.</li>
 *   <li>{@code smoke}: every benchmark once, for a few milliseconds at the smallest size: CI's check that
 *       nothing is broken. Its numbers mean nothing.</li>
 * </ul>
 * The warm-ups are sized from measurements on 2-core machines (README, "Warm-up"): long enough that C2 has
 * compiled the Vector API kernels before the first measured iteration.
 */
public record Profile(String name, int forks, int warmups, int warmupMillis, int iterations, int iterationMillis,
               List<Suite> suites) {

    static final List<String> NAMES = List.of("quick", "full", "ci", "scaling", "smoke");

    /** The thread counts of the scaling profile, unless -p threads=... gives others. */
    static final List<String> SCALING_THREADS = List.of("1", "2");

    /**
     * A benchmark class with parameter overrides: each listed parameter takes these values; a parameter not
     * listed keeps the values of the class's {@code @Param}.
     */
    public record Suite(String benchmarkClass, Map<String, List<String>> params) {
        Suite(String benchmarkClass) {
            this(benchmarkClass, Map.of());
        }
    }

    /** The profile of that name; {@link BadInput} naming the known ones for any other. */
    public static Profile named(String name) {
        return switch (name) {
            case "quick" -> new Profile("quick", 1, 3, 500, 3, 200, List.of(
                    new Suite("ElementwiseBench", Map.of("size", List.of("L2", "DRAM"))),
                    new Suite("ElementwiseNoSuperWordBench", Map.of("size", List.of("L2", "DRAM"))),
                    new Suite("BandwidthBench", Map.of("size", List.of("L2", "DRAM"))),
                    new Suite("FmaPeakBench"),
                    new Suite("MatmulBench", Map.of("shape", List.of("128", "512", "64x784x256"))),
                    new Suite("MatmulProductBench", Map.of("shape", List.of("512", "64x784x256"))),
                    new Suite("GemmBench", Map.of("shape", List.of("256", "16x784x256"))),
                    new Suite("TrainStepBench")));
            case "full" -> new Profile("full", 2, 4, 500, 4, 500, List.of(
                    new Suite("ElementwiseBench"),
                    new Suite("ElementwiseNoSuperWordBench"),
                    new Suite("BandwidthBench"),
                    new Suite("FmaPeakBench"),
                    new Suite("MatmulBench"),
                    new Suite("MatmulProductBench"),
                    new Suite("GemmBench"),
                    new Suite("TrainStepBench")));
            case "ci" -> new Profile("ci", 3, 4, 500, 5, 200, List.of(
                    new Suite("ElementwiseBench", Map.of("impl", List.of("vector"), "size", List.of("L2"))),
                    new Suite("MatmulBench", Map.of("impl", List.of("vector"),
                            "shape", List.of("64", "256", "64x784x256", "1x784x256")))));
            case "scaling" -> new Profile("scaling", 2, 3, 1000, 5, 500, List.of(
                    new Suite("ElementwiseBench", Map.of("impl", List.of("vector"), "size", List.of("DRAM"),
                            "threads", SCALING_THREADS)),
                    new Suite("BandwidthBench", Map.of("size", List.of("DRAM"), "threads", SCALING_THREADS)),
                    new Suite("FmaPeakBench"),
                    new Suite("MatmulBench", Map.of("impl", List.of("vector", "openblas"),
                            "shape", List.of("1024", "512x1024x1024", "256x784x1024"), "threads", SCALING_THREADS))));
            case "smoke" -> new Profile("smoke", 1, 0, 1, 1, 5, List.of(
                    new Suite("ElementwiseBench", Map.of("size", List.of("L1"))),
                    new Suite("ElementwiseNoSuperWordBench", Map.of("size", List.of("L1"))),
                    new Suite("BandwidthBench", Map.of("size", List.of("L1"))),
                    new Suite("FmaPeakBench"),
                    new Suite("MatmulBench", Map.of("shape", List.of("64"))),
                    new Suite("MatmulProductBench", Map.of("shape", List.of("64"))),
                    new Suite("GemmBench", Map.of("shape", List.of("64"))),
                    new Suite("TrainStepBench", Map.of("batch", List.of("32")))));
            default -> throw new BadInput("unknown profile '" + name + "' (" + String.join(", ", NAMES) + ")");
        };
    }
}
