package dev.backflow.bench.report;

import dev.backflow.bench.harness.BadInput;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One row of a JMH result file: which benchmark with which parameters, its score and JMH's error (the
 * half-width of its 99.9% confidence interval; NaN when there were too few iterations to have one), and
 * the per-iteration scores of each fork ({@code rawData}; empty when the file has none).
 */
public record Result(String benchmark, Map<String, String> params, String mode, double score, double error, String unit,
              List<double[]> forks) {

    Result(String benchmark, Map<String, String> params, String mode, double score, double error, String unit) {
        this(benchmark, params, mode, score, error, unit, List.of());
    }

    /** The class and method, without the package: "MatmulBench.backward". */
    String shortName() {
        String[] parts = benchmark.split("\\.");
        return parts.length >= 2 ? parts[parts.length - 2] + "." + parts[parts.length - 1] : benchmark;
    }

    /**
     * The benchmark with its parameters (and its mode, unless it is average time): what compare matches on.
     * {@code threads=1} is left out: one thread is what a row without a thread count measured, so rows from
     * before the suites had one keep their names.
     */
    public String key() {
        StringBuilder b = new StringBuilder(shortName());
        params.forEach((k, v) -> {
            if (!(k.equals(THREADS) && v.equals("1"))) {
                b.append(' ').append(k).append('=').append(v);
            }
        });
        if (!mode.equals("avgt")) {
            b.append(" mode=").append(mode);
        }
        return b.toString();
    }

    String param(String name) {
        return params.get(name);
    }

    /** The thread-count parameter's name. */
    static final String THREADS = "threads";

    /** The thread count the row ran on: its threads parameter, or 1 for a benchmark without one. */
    int threads() {
        return Integer.parseInt(params.getOrDefault(THREADS, "1"));
    }

    /**
     * Time per operation in nanoseconds, in every JMH mode: a time per operation (average, sample, single
     * shot) in any time unit, or a throughput (ops per time unit), inverted.
     */
    double nanos() {
        return Units.nanosPerOp(score, unit);
    }

    /** JMH's error in nanoseconds per operation (for a throughput, the same relative error as the score's). */
    double nanosError() {
        return Units.nanosPerOpError(score, error, unit);
    }

    /**
     * The rows of several runs of the same benchmark as one: their forks together (in order), the score the
     * mean of every iteration. Mode and unit must agree.
     */
    static Result pool(List<Result> runs) {
        Result first = runs.get(0);
        if (runs.size() == 1) {
            return first;
        }
        List<double[]> forks = new java.util.ArrayList<>();
        for (Result r : runs) {
            if (!r.mode().equals(first.mode()) || !r.unit().equals(first.unit())) {
                throw new BadInput(first.key() + ": the runs disagree on mode or unit (" + first.mode() + " "
                        + first.unit() + ", " + r.mode() + " " + r.unit() + ")");
            }
            forks.addAll(r.forks());
        }
        double score = forks.isEmpty() ? first.score()
                : forks.stream().flatMapToDouble(java.util.Arrays::stream).average().orElseThrow();
        return new Result(first.benchmark(), first.params(), first.mode(), score, Double.NaN, first.unit(), forks);
    }

    public static List<Result> read(Path file) {
        return JmhJson.read(file);
    }
}
