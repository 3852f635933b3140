package dev.backflow.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What environment.json says beyond the machine: the vector matmul's blocking and each row's threads. */
class EnvironmentTest {

    @Test
    void namesTheVectorKernelsMatmulBlockingFromTheProvidersOwnDescription() {
        Map<String, Object> env = Environment.capture("test", List.of(), List.of());
        String vector = (String) env.get(Environment.VECTOR_KERNELS);
        assertTrue(vector.matches("Vector API, \\d+-bit FloatVector; matmul blocking: \\d+-bit vectors, "
                + "\\d+ registers: micro-kernel \\d+x\\d+, kc \\d+, mc \\d+, nc \\d+, "
                + "transposed B by (gather|copy|transpose) \\(L1d \\d+ KiB, L2 \\d+ KiB.*\\)"),
                vector);
    }

    @Test
    void recordsEachRowsThreadsAndOpenBlassOwn() {
        List<Result> rows = List.of(
                ReportTest.row("MatmulBench.backward", 10, "impl", "openblas", "shape", "64", "threads", "2"),
                ReportTest.row("MatmulBench.backward", 10, "impl", "ejml", "shape", "64", "threads", "1"),
                ReportTest.row("FmaPeakBench.preferred", 1));
        Map<String, Object> env = Environment.capture("test", List.of(), rows);
        assertEquals(Set.of(1, 2), env.get(Environment.THREADS));
        assertEquals(Map.of(
                "MatmulBench.backward impl=openblas shape=64 threads=2", Map.of("threads", 2, "openblasThreads", 2),
                "MatmulBench.backward impl=ejml shape=64", Map.of("threads", 1),
                "FmaPeakBench.preferred", Map.of("threads", 1)), env.get("threadsPerRow"));
        assertTrue(String.valueOf(env.get("OPENBLAS_NUM_THREADS")).contains("at each fork's start"));
    }
}
