package dev.backflow.bench.report;

import dev.backflow.bench.harness.BadInput;
import dev.backflow.bench.harness.Kernel;
import dev.backflow.bench.harness.Level;
import dev.backflow.bench.harness.MatmulPeer;
import dev.backflow.bench.harness.Shapes;
import dev.backflow.bench.harness.Sizes;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Turns a run's JMH results into markdown tables and SVG charts: every number beside its ceiling measured
 * in the same run (the bandwidth probe, the FMA peak), the scalar form and the peers. Elementwise throughput
 * is in GB/s (bytes read and written per call over time), matmul in GFLOP/s (2·m·k·n per product).
 */
public final class Report {
    private Report() {}

    static final List<String> ELEMENTWISE_IMPLS = List.of("scalar-nosw", "scalar", "vector");
    /** The matmul suites' implementations, in the report's order (MatmulBench's, then MatmulProductBench's). */
    static final List<String> MATMUL_IMPLS = List.of("scalar", "vector", "ejml", "netlib-vector", "openblas");
    static final List<String> PRODUCT_IMPLS = List.of("vector", "netlib-vector", "openblas");

    public static final Map<String, String> IMPL_LABELS = Map.of(
            "scalar-nosw", "scalar, SuperWord off", "scalar", "scalar (C2 SuperWord)", "vector", "Backflow vector",
            "ejml", "EJML", "netlib-vector", "netlib VectorBLAS", "openblas", "OpenBLAS (native)",
            "vector-ld", "Backflow vector, leading dimensions");

    /** The report command: writes the report beside the results (or into outDir) and prints it. */
    public static int run(Path resultsFile, Path outDir, PrintStream out) throws IOException {
        String md = write(resultsFile, outDir);
        out.print(md);
        out.println();
        out.println("Report: " + outDir.resolve("report.md") + " (charts beside it)");
        return 0;
    }

    /**
     * Reads and checks the results (and environment.json beside them), builds the report, and only then
     * writes report.md and the charts into outDir; returns the markdown. Bad input is {@link BadInput},
     * and nothing is written.
     */
    public static String write(Path resultsFile, Path outDir) throws IOException {
        List<Result> results = Result.read(resultsFile);
        check(results, resultsFile);
        Map<String, Object> env = Environment.read(resultsFile);
        Map<String, String> charts = new LinkedHashMap<>();
        String md = build(results, env, charts) + PairedReport.beside(resultsFile, charts);
        Files.createDirectories(outDir);
        Files.writeString(outDir.resolve("report.md"), md);
        for (Map.Entry<String, String> c : charts.entrySet()) {
            Files.writeString(outDir.resolve(c.getKey()), c.getValue());
        }
        return md;
    }

    /** The matmul suites' rows, whose shape (and product) parameters the report computes with. */
    static final List<String> MATMUL_BENCHMARKS = List.of("MatmulBench.backward", "MatmulProductBench.backward",
            GemmReport.BENCH);

    /**
     * What the report needs of each row beyond what {@link JmhJson} checks: a time or throughput unit it can
     * convert, and for the matmul suites a well-formed shape (and product); {@link BadInput} naming the row if not.
     */
    static void check(List<Result> results, Path file) {
        for (Result r : results) {
            String where = file + ": " + r.key();
            if (!Units.known(r.unit())) {
                throw new BadInput(where + ": unit " + r.unit() + " is not a time per operation or a throughput");
            }
            String shape = r.param("shape");
            if (shape != null || MATMUL_BENCHMARKS.contains(r.shortName())) {
                Shapes.parse(shape, where + ": parameter shape");
            }
            String product = r.param("product");
            if (r.shortName().equals("MatmulProductBench.backward") && !"dX".equals(product) && !"dW".equals(product)) {
                throw new BadInput(where + ": parameter product is "
                        + (product == null ? "missing" : "'" + product + "'")
                        + ", not dX or dW");
            }
            String op = r.param("op");
            if (r.shortName().equals(GemmReport.BENCH) && !MatmulPeer.GemmProblem.OPS.contains(op)) {
                throw new BadInput(where + ": parameter op is " + (op == null ? "missing" : "'" + op + "'")
                        + ", not one of " + String.join(", ", MatmulPeer.GemmProblem.OPS));
            }
        }
    }

    static String build(List<Result> results, Map<String, Object> env, Map<String, String> charts) {
        Index idx = new Index(results);
        String caption = caption(env);
        StringBuilder md = new StringBuilder();
        md.append("## Backflow benchmark report\n\n").append(caption).append("\n\n");
        header(env, md);
        md.append("Times are JMH averages; ± is JMH's 99.9% confidence half-width. Throughputs are derived from "
                + "them. Ceilings are measured in the same run.\n\n");
        Object noted = env.getOrDefault("notes", List.of());
        List<?> notes = noted instanceof List<?> list ? list : List.of(noted);
        for (Object note : notes) {
            md.append("- Note: ").append(Markdown.text(String.valueOf(note))).append('\n');
        }
        if (!notes.isEmpty()) {
            md.append('\n');
        }
        unstable(results, md);
        elementwise(idx, md, charts, caption);
        double peak = fmaPeak(idx, env, md);
        matmul(idx, md, charts, caption, peak);
        products(idx, md, charts, caption);
        GemmReport.write(idx, md, charts, caption);
        Scaling.write(idx, md, charts, caption, peak);
        return md.toString();
    }

    /** The rows still getting faster while measured: marked ⚠ in the tables and listed here with the evidence. */
    static void unstable(List<Result> results, StringBuilder md) {
        List<String> rows = new ArrayList<>();
        for (Result r : results) {
            Warmup.check(r).ifPresent(why -> rows.add("- " + Markdown.text(r.key()) + ": " + why));
        }
        if (rows.isEmpty()) {
            return;
        }
        md.append("**Unstable rows (marked ⚠)**: ").append(rows.size()).append(" row(s) were still getting faster "
                + "while measured, so their numbers describe the warm-up (C2 still compiling, or the machine "
                + "settling), not the code. Measure them again with a longer warm-up (-w, -wi).\n\n");
        rows.forEach(l -> md.append(l).append('\n'));
        md.append('\n');
    }

    /** What environment.json says about the kernels and threads beyond the caption: the vector matmul's blocking. */
    static void header(Map<String, Object> env, StringBuilder md) {
        Object vector = env.get(Environment.VECTOR_KERNELS);
        if (vector != null) {
            md.append("Vector kernels: ").append(vector).append("\n\n");
        }
        if (env.get(Environment.THREADS) instanceof List<?> counts && !counts.isEmpty()) {
            md.append("Thread counts: ").append(String.join(", ", counts.stream().map(Report::fmtNum).toList()))
                    .append(" (per row in environment.json; OpenBLAS on each row's count, EJML and VectorBLAS on one)"
                            + "\n\n");
        }
    }

    static String caption(Map<String, Object> env) {
        return String.format(Locale.ROOT, "%s, %s cores; %s; %s-bit vectors; profile %s; commit %s; %s",
                env.getOrDefault("cpu", "unknown CPU"), fmtNum(env.get("cores")),
                env.getOrDefault("jdk", "unknown JDK"), fmtNum(env.get("vectorBits")),
                env.getOrDefault("profile", "?"), env.getOrDefault("commit", "?"),
                String.valueOf(env.getOrDefault("date", "")).replaceAll("T.*", ""));
    }

    private static String fmtNum(Object o) {
        return o instanceof Double d ? String.valueOf(d.intValue()) : String.valueOf(o);
    }

    /** Results by benchmark and parameters. */
    public static final class Index {
        final Map<String, Result> byKey = new LinkedHashMap<>();

        public Index(List<Result> results) {
            results.forEach(r -> byKey.put(r.key(), r));
        }

        /**
         * The row of that benchmark with those parameters (name, value, name, value, ...), or null. A row's
         * thread count must be 1 unless the parameters name one: the one-thread tables take one-thread rows.
         */
        public Result get(String shortName, String... params) {
            for (Result r : byKey.values()) {
                if (!r.shortName().equals(shortName)) {
                    continue;
                }
                boolean all = true;
                boolean threadsGiven = false;
                for (int i = 0; i < params.length; i += 2) {
                    if (params[i].equals(Result.THREADS)) {
                        threadsGiven = true;
                        all &= params[i + 1].equals(String.valueOf(r.threads()));
                    } else {
                        all &= params[i + 1].equals(r.param(params[i]));
                    }
                }
                all &= threadsGiven || r.threads() == 1;
                if (all) {
                    return r;
                }
            }
            return null;
        }
    }

    /** A throughput with its error, from a time per op and the work per op; unstable if still warming up. */
    record Rate(double value, double error, boolean unstable) {
        static Rate of(Result r, double workPerOp, double unitsPerNs) {
            if (r == null) {
                return null;
            }
            double t = r.nanos();
            double e = Double.isNaN(r.error()) ? Double.NaN : r.nanosError();
            return new Rate(workPerOp / t * unitsPerNs, workPerOp * e / (t * t) * unitsPerNs,
                    Warmup.check(r).isPresent());
        }

        String cell() {
            String mark = unstable ? " ⚠" : "";
            return Double.isNaN(error) ? String.format(Locale.ROOT, "%.1f%s", value, mark)
                    : String.format(Locale.ROOT, "%.1f ± %.1f%s", value, error, mark);
        }
    }

    static String cell(Rate r) {
        return r == null ? "–" : r.cell();
    }

    static String ratio(Rate a, Rate b) {
        return a == null || b == null ? "–" : String.format(Locale.ROOT, "%.2f×", a.value() / b.value());
    }

    private static void elementwise(Index idx, StringBuilder md, Map<String, String> charts, String caption) {
        md.append("### Elementwise kernels (GB/s)\n\n");
        for (Kernel k : Kernel.ELEMENTWISE) {
            String kernel = k.id();
            List<Level> levels = Stream.of(Level.values())
                    .filter(l -> idx.get("ElementwiseBench.backward", "kernel", kernel, "size", l.id(), "impl",
                            "vector") != null)
                    .toList();
            if (levels.isEmpty()) {
                continue;
            }
            md.append("#### ").append(kernel)
                    .append(kernel.startsWith("copy") ? " (" + Sizes.copies(k) + " copies)" : "")
                    .append("\n\n| size | n | bytes/call | scalar, SuperWord off | scalar | vector | ceiling (probe) "
                            + "| vector / scalar | vector / ceiling |\n")
                    .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            List<Svg.Series> series = new ArrayList<>();
            double[][] values = new double[ELEMENTWISE_IMPLS.size() + 1][levels.size()];
            for (int li = 0; li < levels.size(); li++) {
                Level l = levels.get(li);
                String level = l.id();
                double bytes = Sizes.bytes(k, l);
                Rate[] rates = new Rate[ELEMENTWISE_IMPLS.size()];
                for (int i = 0; i < rates.length; i++) {
                    String impl = ELEMENTWISE_IMPLS.get(i);
                    String bench = impl.equals("scalar-nosw") ? "ElementwiseNoSuperWordBench.backward"
                            : "ElementwiseBench.backward";
                    rates[i] = Rate.of(idx.get(bench, "kernel", kernel, "size", level, "impl", impl), bytes, 1);
                    values[i][li] = rates[i] == null ? Double.NaN : rates[i].value();
                }
                Rate probe = Rate.of(idx.get("BandwidthBench.probe", "kernel", kernel, "size", level),
                        Sizes.probeBytes(k, l), 1);
                values[rates.length][li] = probe == null ? Double.NaN : probe.value();
                md.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %s | %s | %s |%n", level,
                        Sizes.n(k, l), bytesLabel(bytes), cell(rates[0]), cell(rates[1]), cell(rates[2]),
                        cell(probe), ratio(rates[2], rates[1]), ratio(rates[2], probe)));
            }
            for (int i = 0; i < ELEMENTWISE_IMPLS.size(); i++) {
                series.add(new Svg.Series(IMPL_LABELS.get(ELEMENTWISE_IMPLS.get(i)), values[i], false));
            }
            series.add(new Svg.Series("ceiling (bandwidth probe)", values[ELEMENTWISE_IMPLS.size()], true));
            String file = "elementwise-" + kernel + ".svg";
            charts.put(file, Svg.lines(kernel + "Backward: throughput against working-set size",
                    "working set (bytes read and written per call)", "throughput (GB/s)",
                    levels.stream().map(l -> l.id() + " (" + bytesLabel(Sizes.bytes(k, l)) + ")").toList(), series,
                    caption));
            md.append("\n![").append(kernel).append("](").append(file).append(")\n\n");
        }
    }

    static String bytesLabel(double bytes) {
        if (bytes >= 1 << 20) {
            return String.format(Locale.ROOT, "%.0f MiB", bytes / (1 << 20));
        }
        return String.format(Locale.ROOT, "%.0f KiB", bytes / 1024);
    }

    /** The FMA peak in GFLOP/s: the better of the preferred width and 256 bits. NaN if not measured. */
    private static double fmaPeak(Index idx, Map<String, Object> env, StringBuilder md) {
        Result pref = idx.get("FmaPeakBench.preferred");
        Result b256 = idx.get("FmaPeakBench.bits256");
        int bits = env.get("vectorBits") instanceof Double d ? d.intValue() : 0;
        Rate p = bits > 0 ? Rate.of(pref, 2.0 * bits / 32, 1) : null;
        Rate q = Rate.of(b256, 2.0 * 8, 1);
        if (p == null && q == null) {
            return Double.NaN;
        }
        md.append("### FMA peak (GFLOP/s, one core)\n\n| width | GFLOP/s |\n|---|---:|\n");
        if (p != null) {
            md.append("| ").append(bits).append("-bit (preferred) | ").append(p.cell()).append(" |\n");
        }
        if (q != null) {
            md.append("| 256-bit | ").append(q.cell()).append(" |\n");
        }
        md.append('\n');
        return Math.max(p == null ? 0 : p.value(), q == null ? 0 : q.value());
    }

    public static long flops(String shape, String product) {
        int[] d = Shapes.parse(shape, "shape");
        long one = 2L * d[0] * d[1] * d[2];
        return product.equals("both") ? 2 * one : one;
    }

    private static void matmul(Index idx, StringBuilder md, Map<String, String> charts, String caption, double peak) {
        List<String> shapes = shapes(idx, "MatmulBench.backward");
        if (shapes.isEmpty()) {
            return;
        }
        List<String> impls = Report.MATMUL_IMPLS.stream()
                .filter(i -> shapes.stream()
                        .anyMatch(s -> idx.get("MatmulBench.backward", "impl", i, "shape", s) != null))
                .toList();
        md.append("### matmulBackward, both products (GFLOP/s, one thread)\n\n| shape (m×k×n) |");
        impls.forEach(i -> md.append(' ').append(IMPL_LABELS.get(i)).append(" |"));
        md.append(" vector / scalar | vector / EJML | vector / VectorBLAS | vector / OpenBLAS | vector / FMA peak |"
                + "\n|---|");
        impls.forEach(i -> md.append("---:|"));
        md.append("---:|---:|---:|---:|---:|\n");
        double[][] values = new double[impls.size()][shapes.size()];
        for (int si = 0; si < shapes.size(); si++) {
            String shape = shapes.get(si);
            Map<String, Rate> rates = new LinkedHashMap<>();
            md.append("| ").append(shapeLabel(shape)).append(" |");
            for (int i = 0; i < impls.size(); i++) {
                Rate r = Rate.of(idx.get("MatmulBench.backward", "impl", impls.get(i), "shape", shape),
                        flops(shape, "both"), 1);
                rates.put(impls.get(i), r);
                values[i][si] = r == null ? Double.NaN : r.value();
                md.append(' ').append(cell(r)).append(" |");
            }
            Rate v = rates.get("vector");
            md.append(String.format(Locale.ROOT, " %s | %s | %s | %s | %s |%n", ratio(v, rates.get("scalar")),
                    ratio(v, rates.get("ejml")), ratio(v, rates.get("netlib-vector")), ratio(v, rates.get("openblas")),
                    v == null || Double.isNaN(peak) ? "–"
                            : String.format(Locale.ROOT, "%.0f%%", 100 * v.value() / peak)));
        }
        List<Svg.Series> series = new ArrayList<>();
        for (int i = 0; i < impls.size(); i++) {
            series.add(new Svg.Series(IMPL_LABELS.get(impls.get(i)), values[i], false));
        }
        charts.put("matmul.svg", Svg.bars("matmulBackward (dX and dW), one thread", "GFLOP/s",
                shapes.stream().map(Report::shapeLabel).toList(), series, peak, "FMA peak", caption));
        md.append("\n![matmul](matmul.svg)\n\n");
    }

    private static void products(Index idx, StringBuilder md, Map<String, String> charts, String caption) {
        List<String> shapes = shapes(idx, "MatmulProductBench.backward");
        if (shapes.isEmpty()) {
            return;
        }
        md.append("### Each product alone (GFLOP/s, one thread)\n\n| shape (m×k×n) | product | Backflow vector "
                + "| netlib VectorBLAS | OpenBLAS (native) | vector / VectorBLAS | vector / OpenBLAS |\n"
                + "|---|---|---:|---:|---:|---:|---:|\n");
        List<String> categories = new ArrayList<>();
        List<double[]> cols = new ArrayList<>();
        for (String shape : shapes) {
            for (String product : List.of("dX", "dW")) {
                Rate[] r = new Rate[Report.PRODUCT_IMPLS.size()];
                double[] col = new double[r.length];
                for (int i = 0; i < r.length; i++) {
                    r[i] = Rate.of(idx.get("MatmulProductBench.backward", "impl", Report.PRODUCT_IMPLS.get(i),
                            "shape", shape, "product", product), flops(shape, product), 1);
                    col[i] = r[i] == null ? Double.NaN : r[i].value();
                }
                if (r[0] == null) {
                    continue;
                }
                categories.add(shapeLabel(shape) + " " + product);
                cols.add(col);
                md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n", shapeLabel(shape),
                        product.equals("dX") ? "dX = dY·Wᵀ" : "dW = Xᵀ·dY", cell(r[0]), cell(r[1]), cell(r[2]),
                        ratio(r[0], r[1]), ratio(r[0], r[2])));
            }
        }
        List<Svg.Series> series = new ArrayList<>();
        for (int i = 0; i < Report.PRODUCT_IMPLS.size(); i++) {
            double[] v = new double[cols.size()];
            for (int c = 0; c < v.length; c++) {
                v[c] = cols.get(c)[i];
            }
            series.add(new Svg.Series(IMPL_LABELS.get(Report.PRODUCT_IMPLS.get(i)), v, false));
        }
        charts.put("matmul-products.svg", Svg.bars("dX = dY·Wᵀ and dW = Xᵀ·dY alone, one thread", "GFLOP/s",
                categories, series, Double.NaN, "", caption));
        md.append("\n![products](matmul-products.svg)\n\n");
    }

    /** The shapes of the benchmark's one-thread rows, in the results' order. */
    static List<String> shapes(Index idx, String bench) {
        List<String> out = new ArrayList<>();
        for (Result r : idx.byKey.values()) {
            if (r.shortName().equals(bench) && r.threads() == 1 && !out.contains(r.param("shape"))) {
                out.add(r.param("shape"));
            }
        }
        return out;
    }

    public static String shapeLabel(String shape) {
        int[] d = Shapes.parse(shape, "shape");
        return d[0] + "×" + d[1] + "×" + d[2];
    }
}
