package dev.backflow.bench.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** JMH's score units as time per operation, and times printed as people read them: "234.3 µs/op", "1.25 ms/op". */
public final class Units {
    private Units() {}

    /** Nanoseconds in one of JMH's time units ("ns", "us", "ms", "s", "min", "hr", "day"); throws for any other. */
    static double nanosPer(String unit) {
        String u = unit.endsWith("/op") ? unit.substring(0, unit.length() - 3) : unit;
        return switch (u) {
            case "ns" -> 1;
            case "us" -> 1e3;
            case "ms" -> 1e6;
            case "s" -> 1e9;
            case "min" -> 60e9;
            case "hr" -> 3600e9;
            case "day" -> 86400e9;
            default -> throw new IllegalArgumentException("not a JMH time unit: " + unit);
        };
    }

    /** Whether the unit is one {@link #nanosPerOp} understands: "TIME/op" or "ops/TIME". */
    static boolean known(String unit) {
        try {
            nanosPerOp(1, unit);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** A score as nanoseconds per operation: "us/op" multiplies, a throughput such as "ops/s" inverts. */
    static double nanosPerOp(double score, String unit) {
        if (unit.endsWith("/op")) {
            return score * nanosPer(unit);
        }
        if (unit.startsWith("ops/")) {
            return nanosPer(unit.substring(4)) / score;
        }
        throw new IllegalArgumentException("not a JMH time or throughput unit: " + unit);
    }

    /**
     * JMH's error of a score (the half-width of its interval) in nanoseconds per operation: scaled as the score
     * for a time, and to first order (the same relative error) for a throughput.
     */
    static double nanosPerOpError(double score, double error, String unit) {
        return unit.startsWith("ops/") ? nanosPerOp(score, unit) * error / score : error * nanosPer(unit);
    }

    /** A time per operation in the largest unit that keeps it at 1 or more, to four significant digits. */
    static String time(double nanos) {
        if (Double.isNaN(nanos)) {
            return "–";
        }
        String[] names = {"ns/op", "µs/op", "ms/op", "s/op"};
        double v = nanos;
        int u = 0;
        while (u < names.length - 1 && Math.abs(v) >= 1000) {
            v /= 1000;
            u++;
        }
        return significant(v, 4) + " " + names[u];
    }

    /** v to n significant digits, without an exponent and without trailing zeros: 234.3, 1.25, 0.1462. */
    public static String significant(double v, int n) {
        if (v == 0 || Double.isNaN(v) || Double.isInfinite(v)) {
            return String.format(Locale.ROOT, "%s", v == 0 ? "0" : String.valueOf(v));
        }
        BigDecimal d = new BigDecimal(v).round(new MathContext(n)).stripTrailingZeros();
        return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
    }

    /** A ratio as a signed percentage change: 1.2 gives "+20.0%", 0.8 gives "−20.0%". */
    static String change(double ratio) {
        double pct = (ratio - 1) * 100;
        return String.format(Locale.ROOT, "%s%.1f%%", pct < 0 ? "−" : "+", Math.abs(pct));
    }
}
