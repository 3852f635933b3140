package dev.backflow.bench.report;

import dev.backflow.bench.harness.MatmulPeer;
import dev.backflow.bench.report.Report.Index;
import dev.backflow.bench.report.Report.Rate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report's GEMM section: {@code jmh.GemmBench}'s one-thread rows, GFLOP/s per shape and transpose combination
 * for Backflow's vector form and each peer, and Backflow's ratio to each peer.
 */
final class GemmReport {
    private GemmReport() {}

    static final String BENCH = "GemmBench.gemm";

    /** The peers in the table's order, after Backflow's vector form. */
    static final List<String> IMPLS = List.of("vector", "netlib-vector", "ejml", "openblas");

    static void write(Index idx, StringBuilder md, Map<String, String> charts, String caption) {
        List<String> shapes = Report.shapes(idx, BENCH);
        if (shapes.isEmpty()) {
            return;
        }
        md.append("### GEMM, C += op(A)·op(B) (GFLOP/s, one thread)\n\n| shape (m×k×n) | op |");
        IMPLS.forEach(i -> md.append(' ').append(Report.IMPL_LABELS.get(i)).append(" |"));
        md.append(" vector / VectorBLAS | vector / EJML | vector / OpenBLAS |\n|---|---|")
                .append("---:|".repeat(IMPLS.size() + 3)).append('\n');
        List<String> categories = new ArrayList<>();
        List<double[]> cols = new ArrayList<>();
        for (String shape : shapes) {
            for (String op : MatmulPeer.GemmProblem.OPS) {
                Rate[] r = new Rate[IMPLS.size()];
                double[] col = new double[r.length];
                for (int i = 0; i < r.length; i++) {
                    r[i] = Rate.of(idx.get(BENCH, "impl", IMPLS.get(i), "shape", shape, "op", op, "threads", "1"),
                            Report.flops(shape, op), 1);
                    col[i] = r[i] == null ? Double.NaN : r[i].value();
                }
                if (r[0] == null) {
                    continue;
                }
                categories.add(Report.shapeLabel(shape) + " " + op);
                cols.add(col);
                md.append(String.format(Locale.ROOT, "| %s | %s |", Report.shapeLabel(shape), op));
                for (Rate rate : r) {
                    md.append(' ').append(Report.cell(rate)).append(" |");
                }
                md.append(String.format(Locale.ROOT, " %s | %s | %s |%n", Report.ratio(r[0], r[1]),
                        Report.ratio(r[0], r[2]), Report.ratio(r[0], r[3])));
            }
        }
        List<Svg.Series> series = new ArrayList<>();
        for (int i = 0; i < IMPLS.size(); i++) {
            double[] v = new double[cols.size()];
            for (int c = 0; c < v.length; c++) {
                v[c] = cols.get(c)[i];
            }
            series.add(new Svg.Series(Report.IMPL_LABELS.get(IMPLS.get(i)), v, false));
        }
        charts.put("gemm.svg", Svg.bars("C += op(A)·op(B), one thread", "GFLOP/s", categories, series, Double.NaN,
                "", caption));
        md.append("\n![gemm](gemm.svg)\n\n");
    }
}
