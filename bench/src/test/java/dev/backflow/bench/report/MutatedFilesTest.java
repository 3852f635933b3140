package dev.backflow.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.backflow.bench.BadInputTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * compare and report fed seeded mutations of valid result files (and of environment.json): values replaced by
 * strings, numbers at the edges of a double, other units, empty or huge shapes and thread counts, fields
 * removed, renamed or duplicated, bytes cut, inserted or made Latin-1. Whatever the file, the command ends
 * with an exit status it documents (report 0 or 2; compare 0, 1, 2 or 3) and, for 2, one line on stderr
 * without a stack trace; it never throws. -Dbackflow.test.mutations=N runs N cases per command (default 400).
 */
class MutatedFilesTest {

    static final long SEED = 0x5eed_17L;
    static final int CASES = Integer.getInteger("backflow.test.mutations", 400);

    @TempDir
    Path dir;

    static final List<JsonElement> VALUES = new ArrayList<>();
    static final List<String> KEYS = List.of("benchmark", "mode", "params", "threads", "shape", "product", "impl",
            "kernel", "size", "primaryMetric", "score", "scoreError", "scoreUnit", "rawData", "notes", "cores",
            "vectorBits", "date", "x");

    static {
        for (String s : List.of("", "abc", "1x2", "0", "-1", "1", "2", "99999999999", "50000", "64x784x256",
                "NaN", "Infinity", "-Infinity", "a|b\n# heading <b>html</b>", "ops/ns", "ops/s", "ops/min", "us/op",
                "min/op", "hr/op", "day/op", "bytes", "ops/op", "thrpt", "avgt", "sample", "ss", "dX", "dW", "vector",
                "openblas", "L1", "DRAM", "add", "../../x", "é")) {
            VALUES.add(new JsonPrimitive(s));
        }
        for (double d : new double[] {0, -1, 1e-320, Double.MIN_VALUE, 1e-300, 1e-5, 1, 3, 2147483648.0, 1e300,
                Double.MAX_VALUE, 0.5}) {
            VALUES.add(new JsonPrimitive(d));
        }
        VALUES.add(JsonNull.INSTANCE);
        VALUES.add(new JsonPrimitive(true));
        for (String json : List.of("[]", "{}", "[1, 2]", "{\"a\": 1}", "[[1e-320, 2]]", "[[]]", "[[1, 2], [3]]",
                "[\"x\"]", "{\"threads\": \"abc\"}")) {
            VALUES.add(JsonParser.parseString(json));
        }
    }

    record Source(Path results, Path environment) {}

    static List<Source> sources() {
        List<Source> s = new ArrayList<>();
        for (String f : List.of("base.json", "same.json", "one-fork.json", "regression.json")) {
            s.add(new Source(CompareTest.file(f), null));
        }
        Path scaling = Path.of(BadInputTest.resourceUri("report/scaling/results.json"));
        s.add(new Source(scaling, scaling.resolveSibling("environment.json")));
        return s;
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void compareOnMutatedFilesExitsAsDocumented() throws IOException {
        SplittableRandom rnd = new SplittableRandom(SEED);
        List<Source> sources = sources();
        for (int c = 0; c < CASES; c++) {
            Source src = sources.get(rnd.nextInt(sources.size()));
            Path mutated = write(c, mutate(src.results(), rnd), "results.json");
            Path other = sources.get(rnd.nextInt(sources.size())).results();
            String[] args = switch (rnd.nextInt(3)) {
                case 0 -> new String[] {"compare", other.toString(), mutated.toString()};
                case 1 -> new String[] {"compare", mutated.toString(), other.toString()};
                default -> new String[] {"compare", src.results() + "," + mutated, other.toString()};
            };
            check(c, args, mutated, Set.of(0, 1, 2, 3), "### Benchmark gate: ");
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void reportOnMutatedFilesExitsAsDocumented() throws IOException {
        SplittableRandom rnd = new SplittableRandom(SEED + 1);
        List<Source> sources = sources();
        Path environment = sources.get(sources.size() - 1).environment();
        for (int c = 0; c < CASES; c++) {
            Source src = sources.get(rnd.nextInt(sources.size()));
            Path mutated = write(c, mutate(src.results(), rnd), "results.json");
            if (rnd.nextBoolean()) {
                Files.write(mutated.resolveSibling("environment.json"),
                        rnd.nextBoolean() ? mutate(environment, rnd) : Files.readAllBytes(environment));
            }
            check(c, new String[] {"report", mutated.toString()}, mutated, Set.of(0, 2),
                    "## Backflow benchmark report");
        }
    }

    private void check(int c, String[] args, Path mutated, Set<Integer> exits, String output) throws IOException {
        CompareTest.Outcome o;
        try {
            o = CompareTest.cli(args);
        } catch (Throwable t) {
            fail("case " + c + ": " + String.join(" ", args) + " threw " + t + " on\n" + excerpt(mutated), t);
            return;
        }
        String what = "case " + c + ": " + String.join(" ", args) + " gave " + o.exit() + "\n" + o.err() + "on\n"
                + excerpt(mutated);
        assertTrue(exits.contains(o.exit()), what);
        if (o.exit() == 2) {
            assertEquals(1, o.err().lines().count(), what);
            assertTrue(!o.err().contains("Exception") && !o.err().contains("\tat "), what);
        } else {
            assertEquals("", o.err(), what);
            assertTrue(o.out().startsWith(output), what + o.out());
        }
    }

    private Path write(int c, byte[] content, String name) throws IOException {
        Path d = Files.createDirectory(dir.resolve("case-" + c));
        return Files.write(d.resolve(name), content);
    }

    private static String excerpt(Path file) throws IOException {
        String s = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        return s.length() > 3000 ? s.substring(0, 3000) + "..." : s;
    }

    /** The file with one to three mutations: of its JSON tree mostly, of its bytes sometimes. */
    static byte[] mutate(Path file, SplittableRandom rnd) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (rnd.nextInt(5) == 0) {
            return mutateBytes(bytes, rnd);
        }
        JsonElement root = JsonParser.parseString(new String(bytes, StandardCharsets.UTF_8));
        for (int m = 1 + rnd.nextInt(3); m > 0; m--) {
            mutateTree(root, rnd);
        }
        return JmhJson.GSON.toJson(root).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] mutateBytes(byte[] b, SplittableRandom rnd) {
        int at = rnd.nextInt(b.length);
        return switch (rnd.nextInt(4)) {
            case 0 -> java.util.Arrays.copyOf(b, at); // cut off
            case 1 -> { // a Latin-1 or control byte inserted
                byte[] r = new byte[b.length + 1];
                System.arraycopy(b, 0, r, 0, at);
                r[at] = (byte) new int[] {0xE9, 0xFF, 0x00, 0x80, '\n', '"', '['}[rnd.nextInt(7)];
                System.arraycopy(b, at, r, at + 1, b.length - at);
                yield r;
            }
            case 2 -> { // a byte changed
                byte[] r = b.clone();
                r[at] = (byte) rnd.nextInt(256);
                yield r;
            }
            default -> { // a stretch repeated
                int len = Math.min(b.length - at, 1 + rnd.nextInt(64));
                byte[] r = new byte[b.length + len];
                System.arraycopy(b, 0, r, 0, at + len);
                System.arraycopy(b, at, r, at + len, b.length - at);
                yield r;
            }
        };
    }

    /** One change at a random place of the tree: a value replaced, removed, repeated, a key renamed or added. */
    static void mutateTree(JsonElement root, SplittableRandom rnd) {
        List<JsonElement> containers = new ArrayList<>();
        collect(root, containers);
        JsonElement c = containers.get(rnd.nextInt(containers.size()));
        JsonElement value = VALUES.get(rnd.nextInt(VALUES.size())).deepCopy();
        if (c.isJsonArray()) {
            JsonArray a = c.getAsJsonArray();
            int i = a.isEmpty() ? -1 : rnd.nextInt(a.size());
            switch (i < 0 ? 0 : rnd.nextInt(4)) {
                case 0 -> a.add(value);
                case 1 -> a.set(i, value);
                case 2 -> a.remove(i);
                default -> a.add(a.get(i).deepCopy());
            }
        } else {
            JsonObject o = c.getAsJsonObject();
            List<String> keys = new ArrayList<>(o.keySet());
            String key = KEYS.get(rnd.nextInt(KEYS.size()));
            if (keys.isEmpty() || rnd.nextInt(4) == 0) {
                o.add(key, value);
                return;
            }
            String k = keys.get(rnd.nextInt(keys.size()));
            switch (rnd.nextInt(3)) {
                case 0 -> o.add(k, value);
                case 1 -> o.remove(k);
                default -> {
                    JsonElement v = o.remove(k);
                    o.add(key, v);
                }
            }
        }
    }

    private static void collect(JsonElement e, List<JsonElement> out) {
        if (e.isJsonArray()) {
            out.add(e);
            e.getAsJsonArray().forEach(x -> collect(x, out));
        } else if (e.isJsonObject()) {
            out.add(e);
            for (Map.Entry<String, JsonElement> kv : e.getAsJsonObject().entrySet()) {
                collect(kv.getValue(), out);
            }
        }
    }
}
