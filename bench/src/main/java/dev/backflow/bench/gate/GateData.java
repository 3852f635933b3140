package dev.backflow.bench.gate;

import com.google.gson.JsonParseException;
import dev.backflow.bench.report.JmhJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What one side measured in one pair's JVM, as the fork writes it for the gate (forks/NN-base.json and
 * forks/NN-cand.json) and the gate reads it back. Both sides' probe readings are the rounds' own, the same.
 */
final class GateData {
    private GateData() {}

    /**
     * One fork.
     *
     * @param side          "base" or "cand"
     * @param pair          the pair it belongs to, from 1
     * @param startedMillis when it started (epoch milliseconds), so its place in the run's order shows
     * @param build         the build's label
     * @param rows          its rows, in the plan's order
     */
    record Fork(String side, int pair, long startedMillis, String build, List<Row> rows) {}

    /**
     * One row in one fork.
     *
     * @param id               the row ({@link GateRow#id()})
     * @param warmupMs         how long the row warmed up
     * @param warmupIterations how many warm-up iterations that took
     * @param settled          whether the warm-up ended because the iterations stopped falling (false: the cap)
     * @param calls            calls per measured iteration
     * @param nanos            nanoseconds per call of each measured iteration (one per round)
     * @param fma              FMA probe readings (GFLOP/s), one before the first round and one after each
     * @param bandwidth        bandwidth probe readings (GB/s), placed as the FMA readings
     */
    record Row(String id, double warmupMs, int warmupIterations, boolean settled, int calls, double[] nanos,
               double[] fma, double[] bandwidth) {

        /** The bounding probe's readings for this row. */
        double[] probe(GateRow row) {
            return row.bound().equals("fma") ? fma : bandwidth;
        }
    }

    static void write(Path file, Fork fork) throws IOException {
        JmhJson.write(file, fork);
    }

    /** The fork in file; IllegalStateException if it is missing, malformed or not shaped as a fork's. */
    static Fork read(Path file) {
        Fork f;
        try {
            f = JmhJson.GSON.fromJson(Files.readString(file), Fork.class);
        } catch (IOException | JsonParseException e) {
            throw new IllegalStateException("cannot read the fork's results " + file + ": " + e.getMessage());
        }
        if (f == null || f.rows() == null || f.rows().stream().anyMatch(r -> r == null || r.nanos() == null
                || r.fma() == null || r.bandwidth() == null || r.fma().length != r.nanos().length + 1
                || r.bandwidth().length != r.nanos().length + 1)) {
            throw new IllegalStateException("the fork's results " + file + " are not shaped as a gate fork's");
        }
        return f;
    }
}
