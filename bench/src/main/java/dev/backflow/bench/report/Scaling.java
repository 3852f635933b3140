package dev.backflow.bench.report;

import dev.backflow.bench.harness.Kernel;
import dev.backflow.bench.harness.Level;
import dev.backflow.bench.harness.Sizes;
import dev.backflow.bench.report.Report.Index;
import dev.backflow.bench.report.Report.Rate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The report's scaling section, for runs that measured some row at more than one thread count (the scaling
 * profile, or {@code -p threads=...}): throughput against threads, in a table and a chart per shape or kernel,
 * each number beside its ceiling at the same thread count. Matmul (GFLOP/s) is drawn with OpenBLAS on as many
 * threads and with one core's FMA peak times the threads (the probe runs on one thread); elementwise kernels
 * (GB/s) with the bandwidth probe streaming on as many threads. Speed-ups are against the same row on one
 * thread; a ratio is "–" where either side was not measured.
 */
public final class Scaling {
    private Scaling() {}

    private record Matmul(String bench, String title, String file, List<String> impls, List<String> products) {}

    private static final List<Matmul> MATMUL = List.of(
            new Matmul("MatmulBench.backward", "matmulBackward, both products", "matmul", Report.MATMUL_IMPLS,
                    List.of("both")),
            new Matmul("MatmulProductBench.backward", "Each product alone", "product", Report.PRODUCT_IMPLS,
                    List.of("dX", "dW")));

    private static final List<String> ELEMENTWISE_IMPLS = List.of("scalar", "vector");

    static void write(Index idx, StringBuilder md, Map<String, String> charts, String caption, double peak) {
        List<Integer> counts = counts(idx);
        if (counts.stream().noneMatch(t -> t > 1)) {
            return;
        }
        md.append("### Scaling with threads\n\n");
        md.append("Backflow's rows run `Kernels.parallel(impl, threads)`; OpenBLAS runs on the same number of "
                + "threads (set in each fork); EJML and netlib VectorBLAS run on one thread only. The FMA peak is "
                + "one core's, times the threads; the bandwidth probe streams on as many threads as the kernel.\n\n");
        for (Matmul m : MATMUL) {
            matmul(idx, m, counts, md, charts, caption, peak);
        }
        elementwise(idx, counts, md, charts, caption);
    }

    /** Every thread count in the results, ascending. */
    static List<Integer> counts(Index idx) {
        TreeSet<Integer> counts = new TreeSet<>();
        idx.byKey.values().forEach(r -> counts.add(r.threads()));
        return List.copyOf(counts);
    }

    private static Result matmulRow(Index idx, String bench, String impl, String shape, String product, int threads) {
        return product.equals("both")
                ? idx.get(bench, "impl", impl, "shape", shape, "threads", String.valueOf(threads))
                : idx.get(bench, "impl", impl, "shape", shape, "product", product, "threads", String.valueOf(threads));
    }

    private static void matmul(Index idx, Matmul m, List<Integer> counts, StringBuilder md, Map<String, String> charts,
                               String caption, double peak) {
        List<String[]> groups = new ArrayList<>(); // shape, product: those with a row on more than one thread
        for (Result r : idx.byKey.values()) {
            if (r.shortName().equals(m.bench()) && r.threads() > 1) {
                String product = r.param("product") == null ? "both" : r.param("product");
                if (groups.stream().noneMatch(g -> g[0].equals(r.param("shape")) && g[1].equals(product))) {
                    groups.add(new String[] {r.param("shape"), product});
                }
            }
        }
        if (groups.isEmpty()) {
            return;
        }
        List<String> impls = m.impls().stream().filter(i -> groups.stream().anyMatch(g -> counts.stream()
                .anyMatch(t -> matmulRow(idx, m.bench(), i, g[0], g[1], t) != null))).toList();
        boolean products = !m.products().equals(List.of("both"));
        md.append("#### ").append(m.title()).append(" (GFLOP/s)\n\n| shape (m×k×n) |")
                .append(products ? " product |" : "").append(" threads |");
        impls.forEach(i -> md.append(' ').append(Report.IMPL_LABELS.get(i)).append(" |"));
        md.append(" FMA peak × threads | vector speed-up | OpenBLAS speed-up | vector / OpenBLAS | vector / peak |"
                + "\n|---|")
                .append(products ? "---|" : "").append("---:|");
        impls.forEach(i -> md.append("---:|"));
        md.append("---:|---:|---:|---:|---:|\n");
        StringBuilder links = new StringBuilder(); // the charts go below the table, which one header heads
        for (String[] g : groups) {
            String shape = g[0];
            String product = g[1];
            long flops = Report.flops(shape, product);
            List<Integer> here = counts.stream()
                    .filter(t -> impls.stream().anyMatch(i -> matmulRow(idx, m.bench(), i, shape, product, t) != null))
                    .toList();
            double[][] values = new double[impls.size() + 1][here.size()];
            for (int ti = 0; ti < here.size(); ti++) {
                int t = here.get(ti);
                md.append("| ").append(Report.shapeLabel(shape)).append(" |")
                        .append(products ? " " + product + " |" : "").append(' ').append(t).append(" |");
                Rate[] rates = new Rate[impls.size()];
                for (int i = 0; i < impls.size(); i++) {
                    rates[i] = Rate.of(matmulRow(idx, m.bench(), impls.get(i), shape, product, t), flops, 1);
                    values[i][ti] = rates[i] == null ? Double.NaN : rates[i].value();
                    md.append(' ').append(Report.cell(rates[i])).append(" |");
                }
                double ceiling = peak * t;
                values[impls.size()][ti] = ceiling;
                Rate vector = Rate.of(matmulRow(idx, m.bench(), "vector", shape, product, t), flops, 1);
                Rate vector1 = Rate.of(matmulRow(idx, m.bench(), "vector", shape, product, 1), flops, 1);
                Rate blas = Rate.of(matmulRow(idx, m.bench(), "openblas", shape, product, t), flops, 1);
                Rate blas1 = Rate.of(matmulRow(idx, m.bench(), "openblas", shape, product, 1), flops, 1);
                md.append(String.format(Locale.ROOT, " %s | %s | %s | %s | %s |%n",
                        Double.isNaN(ceiling) ? "–" : String.format(Locale.ROOT, "%.1f", ceiling),
                        Report.ratio(vector, vector1), Report.ratio(blas, blas1), Report.ratio(vector, blas),
                        vector == null || Double.isNaN(ceiling) ? "–"
                                : String.format(Locale.ROOT, "%.0f%%", 100 * vector.value() / ceiling)));
            }
            List<Svg.Series> series = new ArrayList<>();
            for (int i = 0; i < impls.size(); i++) {
                series.add(new Svg.Series(Report.IMPL_LABELS.get(impls.get(i)), values[i], false));
            }
            if (!Double.isNaN(peak)) {
                series.add(new Svg.Series("FMA peak × threads", values[impls.size()], true));
            }
            String what = products ? (product.equals("dX") ? "dX = dY·Wᵀ" : "dW = Xᵀ·dY") : "matmulBackward";
            String file = "scaling-" + (products ? product : m.file()) + "-" + shape + ".svg";
            charts.put(file, Svg.lines(what + " " + Report.shapeLabel(shape) + ": throughput against threads",
                    "threads", "throughput (GFLOP/s)", labels(here), series, caption));
            links.append("![").append(what).append(' ').append(Report.shapeLabel(shape)).append("](").append(file)
                    .append(")\n\n");
        }
        md.append('\n').append(links);
    }

    private static void elementwise(Index idx, List<Integer> counts, StringBuilder md, Map<String, String> charts,
                                    String caption) {
        String bench = "ElementwiseBench.backward";
        List<String[]> groups = new ArrayList<>(); // kernel, size: those with a row on more than one thread
        for (Kernel k : Kernel.ELEMENTWISE) {
            String kernel = k.id();
            for (Level l : Level.values()) {
                String level = l.id();
                for (int t : counts) {
                    if (t > 1 && ELEMENTWISE_IMPLS.stream()
                            .anyMatch(i -> elementwiseRow(idx, bench, i, kernel, level, t) != null)) {
                        groups.add(new String[] {kernel, level});
                        break;
                    }
                }
            }
        }
        if (groups.isEmpty()) {
            return;
        }
        List<String> impls = ELEMENTWISE_IMPLS.stream().filter(i -> groups.stream().anyMatch(g -> counts.stream()
                .anyMatch(t -> elementwiseRow(idx, bench, i, g[0], g[1], t) != null))).toList();
        md.append("#### Elementwise kernels (GB/s)\n\n| kernel | size | threads |");
        impls.forEach(i -> md.append(' ').append(Report.IMPL_LABELS.get(i)).append(" |"));
        md.append(" probe, same threads | vector speed-up | probe speed-up | vector / probe |\n|---|---|---:|");
        impls.forEach(i -> md.append("---:|"));
        md.append("---:|---:|---:|---:|\n");
        StringBuilder links = new StringBuilder();
        for (String[] g : groups) {
            String kernel = g[0];
            String level = g[1];
            double bytes = Sizes.bytes(Kernel.fromName(kernel), Level.fromName(level));
            double probeBytes = Sizes.probeBytes(Kernel.fromName(kernel), Level.fromName(level));
            List<Integer> here = counts.stream().filter(t -> impls.stream()
                    .anyMatch(i -> elementwiseRow(idx, bench, i, kernel, level, t) != null)
                    || probe(idx, kernel, level, t) != null).toList();
            double[][] values = new double[impls.size() + 1][here.size()];
            for (int ti = 0; ti < here.size(); ti++) {
                int t = here.get(ti);
                md.append("| ").append(kernel).append(" | ").append(level).append(" | ").append(t).append(" |");
                for (int i = 0; i < impls.size(); i++) {
                    Rate r = Rate.of(elementwiseRow(idx, bench, impls.get(i), kernel, level, t), bytes, 1);
                    values[i][ti] = r == null ? Double.NaN : r.value();
                    md.append(' ').append(Report.cell(r)).append(" |");
                }
                Rate probe = Rate.of(probe(idx, kernel, level, t), probeBytes, 1);
                Rate probe1 = Rate.of(probe(idx, kernel, level, 1), probeBytes, 1);
                values[impls.size()][ti] = probe == null ? Double.NaN : probe.value();
                Rate vector = Rate.of(elementwiseRow(idx, bench, "vector", kernel, level, t), bytes, 1);
                Rate vector1 = Rate.of(elementwiseRow(idx, bench, "vector", kernel, level, 1), bytes, 1);
                md.append(String.format(Locale.ROOT, " %s | %s | %s | %s |%n", Report.cell(probe),
                        Report.ratio(vector, vector1), Report.ratio(probe, probe1), Report.ratio(vector, probe)));
            }
            List<Svg.Series> series = new ArrayList<>();
            for (int i = 0; i < impls.size(); i++) {
                series.add(new Svg.Series(Report.IMPL_LABELS.get(impls.get(i)), values[i], false));
            }
            series.add(new Svg.Series("bandwidth probe, same threads", values[impls.size()], true));
            String file = "scaling-" + kernel + "-" + level + ".svg";
            charts.put(file, Svg.lines(kernel + "Backward at " + level + " (" + Report.bytesLabel(bytes)
                    + "): throughput against threads", "threads", "throughput (GB/s)", labels(here), series, caption));
            links.append("![").append(kernel).append(' ').append(level).append("](").append(file).append(")\n\n");
        }
        md.append('\n').append(links);
    }

    private static Result elementwiseRow(Index idx, String bench, String impl, String kernel, String level,
                                         int threads) {
        return idx.get(bench, "impl", impl, "kernel", kernel, "size", level, "threads", String.valueOf(threads));
    }

    private static Result probe(Index idx, String kernel, String level, int threads) {
        return idx.get("BandwidthBench.probe", "kernel", kernel, "size", level, "threads", String.valueOf(threads));
    }

    private static List<String> labels(List<Integer> counts) {
        return counts.stream().map(String::valueOf).toList();
    }
}
