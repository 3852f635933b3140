package dev.backflow.bench.report;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonIOException;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import dev.backflow.bench.harness.BadInput;
import java.io.EOFException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * JMH's JSON result files, read with Gson and checked row by row, so that a malformed or tampered file is
 * rejected with a message naming the file, the row and the field instead of being judged as results.
 *
 * <p>What a row must hold: a non-empty {@code benchmark} and {@code mode}; {@code params}, if present, an
 * object of plain values; a {@code primaryMetric} with a finite positive {@code score}, a {@code scoreError}
 * that is a finite non-negative number or JMH's {@code "NaN"} (no interval), a {@code scoreUnit}, and
 * {@code rawData}, if present, an array (one per fork) of arrays of finite positive numbers. In a time unit
 * ("us/op") or a throughput unit ("ops/s"), the score and every iteration must stay finite and positive once
 * converted to nanoseconds per operation. A {@code threads} parameter must be a whole number from 1. No two
 * rows may name the same benchmark with the same parameters and mode. A file must be UTF-8 (JSON's
 * encoding); nesting deeper than Gson's limit (255) is malformed JSON, not a stack overflow.
 */
public final class JmhJson {
    private JmhJson() {}

    public static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    /** The rows of a JMH result file, checked; throws {@link BadInput} naming the first problem. */
    static List<Result> read(Path file) {
        JsonArray rows = array(file);
        List<Result> out = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            String where = file + ": row " + (i + 1);
            Result r = row(rows.get(i), where);
            Integer earlier = seen.putIfAbsent(r.key(), i + 1);
            if (earlier != null) {
                throw new BadInput(where + " repeats " + r.key() + " (row " + earlier + "): a file holds each "
                        + "benchmark once");
            }
            out.add(r);
        }
        return out;
    }

    /** The file's top-level JSON array, strictly parsed. */
    public static JsonArray array(Path file) {
        JsonElement e = parse(file);
        if (!e.isJsonArray()) {
            throw new BadInput(file + ": not a JMH result file (expected a JSON array of rows)");
        }
        return e.getAsJsonArray();
    }

    /** A JSON object file (environment.json) as maps, lists, strings, doubles and booleans. */
    public static Map<String, Object> object(Path file) {
        JsonElement e = parse(file);
        if (!e.isJsonObject()) {
            throw new BadInput(file + ": expected a JSON object");
        }
        return GSON.fromJson(e, new TypeToken<Map<String, Object>>() {}.getType());
    }

    public static void write(Path file, Object value) throws IOException {
        Files.writeString(file, GSON.toJson(value) + "\n");
    }

    private static JsonElement parse(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BadInput(file + ": no such file");
        }
        try (Reader in = Files.newBufferedReader(file)) {
            if (Files.size(file) == 0) {
                throw new BadInput(file + ": empty (0 bytes), not a JSON file");
            }
            JsonReader reader = new JsonReader(in);
            reader.setStrictness(Strictness.STRICT);
            JsonElement e = JsonParser.parseReader(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new BadInput(file + ": not valid JSON (more after the first value)");
            }
            return e;
        } catch (JsonParseException | IllegalStateException e) {
            // Gson wraps the reader's own failures (a byte that is not UTF-8, a failed read) as its exceptions.
            if (e.getCause() instanceof CharacterCodingException
                    || e instanceof JsonIOException && e.getCause() instanceof IOException io
                    && !(io instanceof EOFException)) {
                throw unreadable(file, (IOException) e.getCause());
            }
            throw new BadInput(file + ": not valid JSON (" + gsonMessage(e) + ")");
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    private static BadInput unreadable(Path file, IOException e) {
        if (e instanceof CharacterCodingException) {
            return new BadInput(file + ": not UTF-8 text, as JSON must be (saved as Latin-1 or another encoding? "
                    + "convert it, e.g. with iconv -t UTF-8)");
        }
        return new BadInput(file + ": cannot read (" + e.getMessage() + ")");
    }

    /** Gson's message on one line, without the exception class, the long JSON path or the help link. */
    static String gsonMessage(Throwable e) {
        Throwable t = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause() : e;
        String m = String.valueOf(t.getMessage()).lines().findFirst().orElse("");
        m = m.replace("Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON", "malformed JSON");
        int path = m.indexOf(" path $");
        return path >= 0 ? m.substring(0, path) : m;
    }

    private static Result row(JsonElement e, String where) {
        if (!e.isJsonObject()) {
            throw new BadInput(where + " is not a JSON object");
        }
        JsonObject row = e.getAsJsonObject();
        String benchmark = string(row, "benchmark", where);
        Map<String, String> params = new TreeMap<>();
        JsonElement p = row.get("params");
        if (p != null && !p.isJsonNull()) {
            if (!p.isJsonObject()) {
                throw new BadInput(where + ": params is not an object");
            }
            for (Map.Entry<String, JsonElement> kv : p.getAsJsonObject().entrySet()) {
                if (!kv.getValue().isJsonPrimitive()) {
                    throw new BadInput(where + ": parameter " + kv.getKey() + " is not a plain value");
                }
                params.put(kv.getKey(), kv.getValue().getAsString());
            }
        }
        String mode = string(row, "mode", where);
        where = where + " (" + new Result(benchmark, params, mode, 1, 0, "?").key() + ")";
        JsonElement m = row.get("primaryMetric");
        if (m == null || !m.isJsonObject()) {
            throw new BadInput(where + ": primaryMetric is missing or not an object");
        }
        JsonObject metric = m.getAsJsonObject();
        double score = number(metric, "score", where);
        if (!(score > 0) || Double.isInfinite(score)) {
            throw new BadInput(where + ": primaryMetric.score is " + score + ", not a finite positive number");
        }
        double error = number(metric, "scoreError", where);
        if (!Double.isNaN(error) && !(error >= 0 && error < Double.POSITIVE_INFINITY)) {
            throw new BadInput(where + ": primaryMetric.scoreError is " + error
                    + ", not a finite non-negative number or NaN");
        }
        String unit = string(metric, "scoreUnit", where);
        Result r = new Result(benchmark, params, mode, score, error, unit, rawData(metric.get("rawData"), where));
        String threads = params.get(Result.THREADS);
        if (threads != null && !THREAD_COUNT.matcher(threads).matches()) {
            throw new BadInput(where + ": parameter threads is '" + threads + "', not a thread count (a whole "
                    + "number from 1)");
        }
        if (Units.known(unit)) {
            finiteTime(score, unit, where + ": primaryMetric.score");
            for (int f = 0; f < r.forks().size(); f++) {
                double[] its = r.forks().get(f);
                for (int i = 0; i < its.length; i++) {
                    finiteTime(its[i], unit, where + ": primaryMetric.rawData fork " + (f + 1) + " iteration "
                            + (i + 1));
                }
            }
        }
        return r;
    }

    /** A thread count that fits an int. */
    private static final Pattern THREAD_COUNT = Pattern.compile("[1-9][0-9]{0,8}");

    /** A value that, in its unit, is a finite positive time per operation (ns/op); BadInput naming it if not. */
    private static void finiteTime(double value, String unit, String what) {
        double nanos = Units.nanosPerOp(value, unit);
        if (!(nanos > 0) || Double.isInfinite(nanos)) {
            throw new BadInput(what + " is " + value + " " + unit + ", which is " + nanos + " ns/op: not a finite "
                    + "positive time per operation");
        }
    }

    private static List<double[]> rawData(JsonElement raw, String where) {
        if (raw == null || raw.isJsonNull()) {
            return List.of();
        }
        if (!raw.isJsonArray()) {
            throw new BadInput(where + ": primaryMetric.rawData is not an array of forks");
        }
        List<double[]> forks = new ArrayList<>();
        for (JsonElement f : raw.getAsJsonArray()) {
            if (!f.isJsonArray() || f.getAsJsonArray().isEmpty()) {
                throw new BadInput(where + ": primaryMetric.rawData fork " + (forks.size() + 1)
                        + " is not a non-empty array of iterations");
            }
            JsonArray its = f.getAsJsonArray();
            double[] v = new double[its.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = its.get(i).isJsonPrimitive() ? asDouble(its.get(i).getAsJsonPrimitive()) : Double.NaN;
                if (!(v[i] > 0) || Double.isInfinite(v[i])) {
                    throw new BadInput(where + ": primaryMetric.rawData fork " + (forks.size() + 1) + " iteration "
                            + (i + 1) + " is " + its.get(i) + ", not a finite positive number");
                }
            }
            forks.add(v);
        }
        return forks;
    }

    private static String string(JsonObject o, String field, String where) {
        JsonElement e = o.get(field);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString() || e.getAsString().isBlank()) {
            throw new BadInput(where + ": " + field + " is missing or not a string (" + e + ")");
        }
        return e.getAsString();
    }

    /** A number, or one of JMH's strings "NaN", "Infinity", "-Infinity". */
    private static double number(JsonObject o, String field, String where) {
        JsonElement e = o.get(field);
        if (e == null || !e.isJsonPrimitive()) {
            throw new BadInput(where + ": primaryMetric." + field + " is missing or not a number (" + e + ")");
        }
        double v = asDouble(e.getAsJsonPrimitive());
        if (Double.isNaN(v) && !e.getAsString().equals("NaN")) {
            throw new BadInput(where + ": primaryMetric." + field + " is not a number (" + e + ")");
        }
        return v;
    }

    private static double asDouble(JsonPrimitive p) {
        if (p.isNumber()) {
            return p.getAsDouble();
        }
        return switch (p.getAsString()) {
            case "NaN" -> Double.NaN;
            case "Infinity" -> Double.POSITIVE_INFINITY;
            case "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> Double.NaN;
        };
    }
}
