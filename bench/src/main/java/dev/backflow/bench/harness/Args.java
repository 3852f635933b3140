package dev.backflow.bench.harness;

import java.util.ArrayList;
import java.util.List;

/**
 * The commands' own options: {@code --name value} taken out of the argument list, and the values checked, each
 * failure a {@link BadInput} naming the option.
 */
public final class Args {
    private Args() {}

    /** The value of {@code name} (removed from args with its value), or {@code dflt} if args has none. */
    public static String option(List<String> args, String name, String dflt) {
        int i = args.indexOf(name);
        if (i < 0) {
            return dflt;
        }
        if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
            throw new BadInput(name + " needs a value");
        }
        String v = args.get(i + 1);
        args.subList(i, i + 2).clear();
        return v;
    }

    public static List<String> list(String value, String option) {
        List<String> out = new ArrayList<>();
        for (String v : value.split(",", -1)) {
            String t = v.trim();
            if (t.isEmpty()) {
                throw new BadInput(option + ": an empty item in '" + value + "'");
            }
            if (out.contains(t)) {
                throw new BadInput(option + ": '" + t + "' is given twice");
            }
            out.add(t);
        }
        return out;
    }

    public static long whole(String option, String value, long min, long max) {
        long v;
        try {
            v = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new BadInput(option + " takes a whole number, not '" + value + "'");
        }
        if (v < min || v > max) {
            throw new BadInput(option + ": " + v + " is not in [" + min + ", " + max + "]");
        }
        return v;
    }

    public static double millis(String option, String value) {
        return positive(option, value, 600_000, "a number of milliseconds", "a time from above 0 to 600000 ms");
    }

    /** A number above 0 and at most max; {@link BadInput} "OPTION takes WHAT, not 'VALUE'" or "... is not RANGE". */
    public static double positive(String option, String value, double max, String what, String range) {
        double v;
        try {
            v = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new BadInput(option + " takes " + what + ", not '" + value + "'");
        }
        if (!(v > 0) || v > max) {
            throw new BadInput(option + ": " + value + " is not " + range);
        }
        return v;
    }

    /** The first line of a message (an exception's, a child's): "" for null. */
    public static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
