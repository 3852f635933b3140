package dev.backflow.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One row of a JMH result file: which benchmark with which parameters, its score and JMH's error (the
 * half-width of its 99.9% confidence interval; NaN when there were too few iterations to have one).
 */
record Result(String benchmark, Map<String, String> params, String mode, double score, double error, String unit) {

    /** The class and method, without the package: "MatmulBench.backward". */
    String shortName() {
        String[] parts = benchmark.split("\\.");
        return parts.length >= 2 ? parts[parts.length - 2] + "." + parts[parts.length - 1] : benchmark;
    }

    /** The benchmark with its parameters, what compare matches on. */
    String key() {
        StringBuilder b = new StringBuilder(shortName());
        params.forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
        return b.toString();
    }

    String param(String name) {
        return params.get(name);
    }

    boolean higherIsBetter() {
        return mode.equals("thrpt");
    }

    /** Time per operation in nanoseconds, for the average-time mode in any unit. */
    double nanos() {
        return score * nanosPer(unit);
    }

    double nanosError() {
        return error * nanosPer(unit);
    }

    private static double nanosPer(String unit) {
        return switch (unit) {
            case "ns/op" -> 1;
            case "us/op" -> 1e3;
            case "ms/op" -> 1e6;
            case "s/op" -> 1e9;
            default -> throw new IllegalArgumentException("not an average-time unit: " + unit);
        };
    }

    static List<Result> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("no such file: " + file);
        }
        List<Result> out = new ArrayList<>();
        for (Object o : Json.array(Json.parse(Files.readString(file)))) {
            Map<String, Object> row = Json.object(o);
            Map<String, String> params = new TreeMap<>();
            Object p = row.get("params");
            if (p != null) {
                Json.object(p).forEach((k, v) -> params.put(k, String.valueOf(v)));
            }
            Map<String, Object> metric = Json.object(row.get("primaryMetric"));
            out.add(new Result((String) row.get("benchmark"), params, (String) row.get("mode"),
                    Json.number(metric.get("score")), Json.number(metric.get("scoreError")),
                    (String) metric.get("scoreUnit")));
        }
        return out;
    }
}
