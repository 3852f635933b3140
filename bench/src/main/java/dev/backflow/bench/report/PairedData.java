package dev.backflow.bench.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.reflect.TypeToken;
import dev.backflow.bench.harness.BadInput;
import dev.backflow.bench.harness.MatmulPeer;
import dev.backflow.bench.harness.Shapes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What a paired measurement records (paired.json): the two sides, the settings, the machine, and for each row
 * (shape, product, thread count) every round's raw times and probe readings, so that the analysis can always
 * be recomputed from the file. Reading checks every field, so a malformed or tampered file is {@link BadInput}
 * naming the file, the row and the field.
 */
public final class PairedData {
    private PairedData() {}

    /** The value of the file's {@code kind} field, which tells a paired file from a JMH result file. */
    static final String KIND = "backflow-paired";

    /** matmulBackward's products a row can measure: both (dX and dW in one call), dX alone, dW alone. */
    public static final List<String> PRODUCTS = List.of("both", "dX", "dW");

    /** Every product a row can measure: matmulBackward's, and the forward GEMM's transpose combinations. */
    public static final List<String> ALL_PRODUCTS = Stream.concat(PRODUCTS.stream(),
            MatmulPeer.GemmProblem.OPS.stream()).toList();

    /**
     * One round: which side ran first ("AB" or "BA"), each side's time per call in nanoseconds (its batch's
     * time over its calls), and the FMA probe's GFLOP/s just before and just after the round.
     */
    public record Round(String order, double aNanos, double bNanos, double probeBefore, double probeAfter) {

        /** speed(A) / speed(B), which is B's time over A's. */
        public double ratio() {
            return bNanos / aNanos;
        }
    }

    /** One row: m×k×n as given, the product, the thread count, flops per call, calls per batch, and the rounds. */
    public record Row(String shape, String product, int threads, double flops, int aCalls, int bCalls,
                      List<Round> rounds) {

        /** The row's name in tables and in compare: "threads=1 shape=256 product=both". */
        public String key() {
            return "threads=" + threads + " shape=" + shape + " product=" + product;
        }
    }

    /**
     * A whole run: each side's command-line name and label, the settings (rounds, batch time and so on, as
     * written), the environment (CPU, JDK, commit, ...), and the rows in the order measured.
     */
    public record Run(String a, String aLabel, String b, String bLabel, Map<String, Object> settings,
               Map<String, Object> environment, List<Row> rows) {}

    /**
     * Whether the file is a paired file: a JSON object whose kind is {@value #KIND}. Anything else (a JMH result
     * file, which is an array; another object; malformed JSON) is not, and is left to the JMH reader to name.
     */
    public static boolean isPaired(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(file)) {
            int c = in.read();
            while (c >= 0 && Character.isWhitespace(c)) {
                c = in.read();
            }
            if (c != '{') {
                return false;
            }
        } catch (IOException e) {
            return false;
        }
        try {
            return KIND.equals(JmhJson.object(file).get("kind"));
        } catch (RuntimeException e) { // BadInput too: malformed JSON is for the JMH reader to name
            return false;
        }
    }

    public static void write(Path file, Run run) throws IOException {
        JsonObject o = new JsonObject();
        o.addProperty("kind", KIND);
        o.addProperty("a", run.a());
        o.addProperty("aLabel", run.aLabel());
        o.addProperty("b", run.b());
        o.addProperty("bLabel", run.bLabel());
        o.add("settings", JmhJson.GSON.toJsonTree(run.settings()));
        o.add("environment", JmhJson.GSON.toJsonTree(run.environment()));
        JsonArray rows = new JsonArray();
        for (Row r : run.rows()) {
            JsonObject row = new JsonObject();
            row.addProperty("shape", r.shape());
            row.addProperty("product", r.product());
            row.addProperty("threads", r.threads());
            row.addProperty("flops", r.flops());
            row.addProperty("aCalls", r.aCalls());
            row.addProperty("bCalls", r.bCalls());
            JsonArray rounds = new JsonArray();
            for (Round x : r.rounds()) {
                JsonObject round = new JsonObject();
                round.addProperty("order", x.order());
                round.addProperty("aNanos", x.aNanos());
                round.addProperty("bNanos", x.bNanos());
                round.addProperty("probeBefore", x.probeBefore());
                round.addProperty("probeAfter", x.probeAfter());
                rounds.add(round);
            }
            row.add("rounds", rounds);
            rows.add(row);
        }
        o.add("rows", rows);
        JmhJson.write(file, o);
    }

    /** The run in a paired file, checked field by field; {@link BadInput} names the first problem. */
    public static Run read(Path file) {
        JsonObject o = JmhJson.GSON.toJsonTree(JmhJson.object(file)).getAsJsonObject();
        String where = file.toString();
        if (!KIND.equals(string(o, "kind", where))) {
            throw new BadInput(where + ": kind is " + o.get("kind") + ", not \"" + KIND + "\"");
        }
        Map<String, Object> settings = map(o, "settings", where);
        Map<String, Object> env = map(o, "environment", where);
        JsonElement rowsElement = o.get("rows");
        if (rowsElement == null || !rowsElement.isJsonArray() || rowsElement.getAsJsonArray().isEmpty()) {
            throw new BadInput(where + ": rows is missing or not a non-empty array");
        }
        List<Row> rows = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonElement e : rowsElement.getAsJsonArray()) {
            Row r = row(e, where + ": row " + (rows.size() + 1));
            if (!seen.add(r.key())) {
                throw new BadInput(where + ": row " + (rows.size() + 1) + " repeats " + r.key());
            }
            rows.add(r);
        }
        return new Run(string(o, "a", where), string(o, "aLabel", where), string(o, "b", where),
                string(o, "bLabel", where), settings, env, rows);
    }

    private static Row row(JsonElement e, String where) {
        if (!e.isJsonObject()) {
            throw new BadInput(where + " is not a JSON object");
        }
        JsonObject o = e.getAsJsonObject();
        String shape = string(o, "shape", where);
        try {
            Shapes.dims(shape);
        } catch (BadInput bad) {
            throw new BadInput(where + ": " + bad.getMessage());
        }
        String product = string(o, "product", where);
        if (!ALL_PRODUCTS.contains(product)) {
            throw new BadInput(where + ": product is '" + product + "', not one of " + ALL_PRODUCTS);
        }
        int threads = count(o, "threads", where);
        where = where + " (threads=" + threads + " shape=" + shape + " product=" + product + ")";
        double flops = positive(o, "flops", where);
        int aCalls = count(o, "aCalls", where);
        int bCalls = count(o, "bCalls", where);
        JsonElement re = o.get("rounds");
        if (re == null || !re.isJsonArray() || re.getAsJsonArray().isEmpty()) {
            throw new BadInput(where + ": rounds is missing or not a non-empty array");
        }
        List<Round> rounds = new ArrayList<>();
        for (JsonElement x : re.getAsJsonArray()) {
            String at = where + " round " + (rounds.size() + 1);
            if (!x.isJsonObject()) {
                throw new BadInput(at + " is not a JSON object");
            }
            JsonObject r = x.getAsJsonObject();
            String order = string(r, "order", at);
            if (!order.equals("AB") && !order.equals("BA")) {
                throw new BadInput(at + ": order is '" + order + "', not AB or BA");
            }
            rounds.add(new Round(order, positive(r, "aNanos", at), positive(r, "bNanos", at),
                    positive(r, "probeBefore", at), positive(r, "probeAfter", at)));
        }
        return new Row(shape, product, threads, flops, aCalls, bCalls, List.copyOf(rounds));
    }

    private static String string(JsonObject o, String field, String where) {
        JsonElement e = o.get(field);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString() || e.getAsString().isBlank()) {
            throw new BadInput(where + ": " + field + " is missing or not a string (" + e + ")");
        }
        return e.getAsString();
    }

    private static Map<String, Object> map(JsonObject o, String field, String where) {
        JsonElement e = o.get(field);
        if (e == null || !e.isJsonObject()) {
            throw new BadInput(where + ": " + field + " is missing or not an object");
        }
        return JmhJson.GSON.fromJson(e, new TypeToken<LinkedHashMap<String, Object>>() {}.getType());
    }

    private static double positive(JsonObject o, String field, String where) {
        JsonElement e = o.get(field);
        double v = e != null && e.isJsonPrimitive() && ((JsonPrimitive) e).isNumber() ? e.getAsDouble() : Double.NaN;
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new BadInput(where + ": " + field + " is " + e + ", not a finite positive number");
        }
        return v;
    }

    private static int count(JsonObject o, String field, String where) {
        double v = positive(o, field, where);
        if (v != Math.rint(v) || v > Integer.MAX_VALUE) {
            throw new BadInput(where + ": " + field + " is " + o.get(field) + ", not a whole number");
        }
        return (int) v;
    }
}
