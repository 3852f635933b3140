package dev.backflow.bench.report;

import java.util.List;
import java.util.Locale;

/**
 * Hand-written SVG charts that read on their own: a title, labelled axes with units, a legend, and a caption
 * naming the machine and JDK. Two kinds: lines over categories (throughput against working-set size, with
 * the ceiling dashed) and grouped bars (GFLOP/s per shape, with the FMA peak as a line).
 */
final class Svg {
    private Svg() {}

    /** A named series of values, one per category (NaN where missing); dashed for ceilings. */
    record Series(String name, double[] values, boolean dashed) {}

    static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#17becf"};
    static final int W = 820;
    static final int H = 500;
    static final int LEFT = 80;
    static final int RIGHT = 200;
    static final int TOP = 50;
    static final int BOTTOM = 120;

    static String lines(String title, String xLabel, String yLabel, List<String> categories, List<Series> series,
                        String caption) {
        double max = max(series, Double.NaN);
        StringBuilder b = frame(title, xLabel, yLabel, max, caption);
        int n = categories.size();
        double step = (W - LEFT - RIGHT) / (double) Math.max(1, n);
        for (int c = 0; c < n; c++) {
            text(b, LEFT + step * (c + 0.5), H - BOTTOM + 20, categories.get(c), "middle", 12);
        }
        for (int s = 0; s < series.size(); s++) {
            Series ser = series.get(s);
            String color = ser.dashed() ? "#444444" : COLORS[s % COLORS.length];
            StringBuilder path = new StringBuilder();
            for (int c = 0; c < n; c++) {
                double v = ser.values()[c];
                if (Double.isNaN(v)) {
                    continue;
                }
                double x = LEFT + step * (c + 0.5);
                double y = y(v, max);
                path.append(path.isEmpty() ? "M" : " L").append(fmt(x)).append(',').append(fmt(y));
                b.append(String.format(Locale.ROOT, "<circle cx=\"%s\" cy=\"%s\" r=\"3.5\" fill=\"%s\"/>%n",
                        fmt(x), fmt(y), color));
            }
            b.append(String.format(Locale.ROOT, "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s/>%n",
                    path, color, ser.dashed() ? " stroke-dasharray=\"6,4\"" : ""));
            legend(b, s, ser.name(), color, ser.dashed());
        }
        return b.append("</svg>\n").toString();
    }

    static String bars(String title, String yLabel, List<String> categories, List<Series> series,
                       double reference, String referenceName, String caption) {
        double max = max(series, reference);
        StringBuilder b = frame(title, "shape (m×k×n, or square size)", yLabel, max, caption);
        // laid out as intervalBars is (a few lines alike); each draws its own bars, whiskers only there
        int n = categories.size();
        double group = (W - LEFT - RIGHT) / (double) Math.max(1, n);
        double bar = group * 0.8 / Math.max(1, series.size());
        for (int c = 0; c < n; c++) {
            categoryLabel(b, LEFT + group * (c + 0.5), categories.get(c));
            for (int s = 0; s < series.size(); s++) {
                double v = series.get(s).values()[c];
                if (Double.isNaN(v)) {
                    continue;
                }
                double x = LEFT + group * c + group * 0.1 + bar * s;
                double y = y(v, max);
                b.append(String.format(Locale.ROOT, "<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" "
                        + "fill=\"%s\"/>%n",
                        fmt(x), fmt(y), fmt(bar * 0.92), fmt(H - BOTTOM - y), COLORS[s % COLORS.length]));
            }
        }
        for (int s = 0; s < series.size(); s++) {
            legend(b, s, series.get(s).name(), COLORS[s % COLORS.length], false);
        }
        if (!Double.isNaN(reference)) {
            double y = y(reference, max);
            b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%s\" x2=\"%d\" y2=\"%s\" stroke=\"#444444\" "
                    + "stroke-width=\"2\" stroke-dasharray=\"6,4\"/>%n", LEFT, fmt(y), W - RIGHT, fmt(y)));
            legend(b, series.size(), referenceName, "#444444", true);
        }
        return b.append("</svg>\n").toString();
    }

    /** A category's name under its group of bars, slanted. */
    private static void categoryLabel(StringBuilder b, double lx, String name) {
        b.append(String.format(Locale.ROOT, "<text x=\"%s\" y=\"%d\" font-size=\"11\" text-anchor=\"end\" "
                + "transform=\"rotate(-30 %s %d)\">%s</text>%n", fmt(lx), H - BOTTOM + 14, fmt(lx), H - BOTTOM + 14,
                escape(name)));
    }

    /** A series of values with an interval each (lo and hi NaN where there is none). */
    record IntervalSeries(String name, double[] values, double[] lo, double[] hi) {}

    /**
     * Grouped bars with each bar's interval as a whisker, and a reference value as a dashed line: the paired
     * measurement's ratio per row and state, against equal speed.
     */
    static String intervalBars(String title, String xLabel, String yLabel, List<String> categories,
                               List<IntervalSeries> series, double reference, String referenceName, String caption) {
        List<Series> all = new java.util.ArrayList<>();
        for (IntervalSeries s : series) {
            all.add(new Series(s.name(), s.values(), false));
            all.add(new Series(s.name(), s.hi(), false));
        }
        double max = max(all, reference);
        StringBuilder b = frame(title, xLabel, yLabel, max, caption);
        int n = categories.size();
        double group = (W - LEFT - RIGHT) / (double) Math.max(1, n);
        double bar = group * 0.8 / Math.max(1, series.size());
        for (int c = 0; c < n; c++) {
            categoryLabel(b, LEFT + group * (c + 0.5), categories.get(c));
            for (int s = 0; s < series.size(); s++) {
                IntervalSeries ser = series.get(s);
                double v = ser.values()[c];
                if (Double.isNaN(v)) {
                    continue;
                }
                double x = LEFT + group * c + group * 0.1 + bar * s;
                double y = y(v, max);
                b.append(String.format(Locale.ROOT,
                        "<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" fill=\"%s\"/>%n",
                        fmt(x), fmt(y), fmt(bar * 0.92), fmt(H - BOTTOM - y), COLORS[s % COLORS.length]));
                if (!Double.isNaN(ser.lo()[c]) && !Double.isNaN(ser.hi()[c])) {
                    double mid = x + bar * 0.46;
                    double lo = y(ser.lo()[c], max);
                    double hi = y(ser.hi()[c], max);
                    b.append(String.format(Locale.ROOT, "<path d=\"M%s,%s L%s,%s M%s,%s L%s,%s M%s,%s L%s,%s\" "
                                    + "stroke=\"black\" stroke-width=\"1.2\" fill=\"none\"/>%n",
                            fmt(mid), fmt(lo), fmt(mid), fmt(hi), fmt(mid - bar * 0.25), fmt(lo), fmt(mid + bar * 0.25),
                            fmt(lo), fmt(mid - bar * 0.25), fmt(hi), fmt(mid + bar * 0.25), fmt(hi)));
                }
            }
        }
        for (int s = 0; s < series.size(); s++) {
            legend(b, s, series.get(s).name(), COLORS[s % COLORS.length], false);
        }
        double y = y(reference, max);
        b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%s\" x2=\"%d\" y2=\"%s\" stroke=\"#444444\" "
                + "stroke-width=\"2\" stroke-dasharray=\"6,4\"/>%n", LEFT, fmt(y), W - RIGHT, fmt(y)));
        legend(b, series.size(), referenceName, "#444444", true);
        return b.append("</svg>\n").toString();
    }

    private static StringBuilder frame(String title, String xLabel, String yLabel, double max, String caption) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"Helvetica, Arial, sans-serif\">%n", W, H, W, H));
        b.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", W, H));
        text(b, (LEFT + W - RIGHT) / 2.0, 28, title, "middle", 17);
        for (int t = 0; t <= 5; t++) {
            double v = max * t / 5;
            double y = y(v, max);
            b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%s\" x2=\"%d\" y2=\"%s\" stroke=\"#dddddd\"/>%n",
                    LEFT, fmt(y), W - RIGHT, fmt(y)));
            text(b, LEFT - 8, y + 4, String.format(Locale.ROOT, max >= 20 ? "%.0f" : "%.1f", v), "end", 11);
        }
        b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n",
                LEFT, H - BOTTOM, W - RIGHT, H - BOTTOM));
        b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n",
                LEFT, TOP, LEFT, H - BOTTOM));
        text(b, (LEFT + W - RIGHT) / 2.0, H - BOTTOM + 78, xLabel, "middle", 13);
        b.append(String.format(Locale.ROOT, "<text x=\"20\" y=\"%s\" font-size=\"13\" text-anchor=\"middle\" "
                + "transform=\"rotate(-90 20 %s)\">%s</text>%n", fmt((TOP + H - BOTTOM) / 2.0),
                fmt((TOP + H - BOTTOM) / 2.0), escape(yLabel)));
        text(b, 10, H - 22, caption.length() > 150 ? caption.substring(0, 150) : caption, "start", 10);
        if (caption.length() > 150) {
            text(b, 10, H - 8, caption.substring(150), "start", 10);
        }
        return b;
    }

    private static void legend(StringBuilder b, int index, String name, String color, boolean dashed) {
        double y = TOP + 10 + index * 22;
        int x = W - RIGHT + 15;
        b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%s\" x2=\"%d\" y2=\"%s\" stroke=\"%s\" "
                + "stroke-width=\"3\"%s/>%n",
                x, fmt(y), x + 24, fmt(y), color, dashed ? " stroke-dasharray=\"6,4\"" : ""));
        text(b, x + 30, y + 4, name, "start", 12);
    }

    private static void text(StringBuilder b, double x, double y, String s, String anchor, int size) {
        b.append(String.format(Locale.ROOT, "<text x=\"%s\" y=\"%s\" font-size=\"%d\" text-anchor=\"%s\">%s</text>%n",
                fmt(x), fmt(y), size, anchor, escape(s)));
    }

    private static double y(double v, double max) {
        return H - BOTTOM - (H - BOTTOM - TOP) * (v / max);
    }

    /** The top of the y axis: five ticks of a round step (1, 2, 2.5 or 5 times a power of ten) above every value. */
    private static double max(List<Series> series, double extra) {
        double m = Double.isNaN(extra) ? 0 : extra;
        for (Series s : series) {
            for (double v : s.values()) {
                if (!Double.isNaN(v)) {
                    m = Math.max(m, v);
                }
            }
        }
        if (m <= 0) {
            return 1;
        }
        double raw = m * 1.05 / 5;
        double pow = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = pow * 10;
        for (double f : new double[] {1, 2, 2.5, 5, 10}) {
            if (f * pow >= raw) {
                step = f * pow;
                break;
            }
        }
        return 5 * step;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
