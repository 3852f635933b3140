package dev.backflow.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark jar's command line.
 *
 * <pre>
 * run [--profile quick|full|smoke] [--out DIR] [--suite CLASS]... [--prof PROFILER]...
 * report RESULTS.json [--out DIR]
 * compare BASE.json NEW.json [--threshold PCT]
 * </pre>
 *
 * JMH's own command line stays available as {@code java -cp benchmarks.jar org.openjdk.jmh.Main}.
 */
public final class BenchMain {
    private BenchMain() {}

    static final String USAGE = """
            usage: java --add-modules jdk.incubator.vector -jar benchmarks.jar COMMAND
              run [--profile quick|full|smoke] [--out DIR] [--suite CLASS]... [--prof PROFILER]...
                    measure (default: quick, into results/<profile>), then write and print the report
              report RESULTS.json [--out DIR]
                    markdown tables and SVG charts from a run's results.json
              compare BASE.json NEW.json [--threshold PCT]
                    exit 1 if a benchmark is slower by more than PCT (default 5) with non-overlapping
                    confidence intervals; 0 otherwise; 2 if the inputs are unusable
            """;

    public static void main(String[] args) throws IOException {
        System.exit(run(args));
    }

    static int run(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.print(USAGE);
            return 2;
        }
        List<String> rest = new ArrayList<>(List.of(args).subList(1, args.length));
        try {
            return switch (args[0]) {
                case "run" -> {
                    String profile = option(rest, "--profile", "quick");
                    Path out = Path.of(option(rest, "--out", "results/" + profile));
                    List<String> suites = options(rest, "--suite");
                    List<String> profilers = options(rest, "--prof");
                    noMore(rest);
                    yield Run.run(profile, out, suites, profilers, System.out, System.err);
                }
                case "report" -> {
                    String out = option(rest, "--out", null);
                    Path results = Path.of(single(rest, "RESULTS.json"));
                    yield Report.run(results, out == null ? results.toAbsolutePath().getParent() : Path.of(out),
                            System.out, System.err);
                }
                case "compare" -> {
                    double threshold = Double.parseDouble(option(rest, "--threshold", String.valueOf(Compare.DEFAULT_THRESHOLD_PCT)));
                    if (rest.size() != 2) {
                        throw new IllegalArgumentException("compare takes BASE.json and NEW.json");
                    }
                    yield Compare.run(Path.of(rest.get(0)), Path.of(rest.get(1)), threshold, System.out, System.err);
                }
                default -> throw new IllegalArgumentException("unknown command '" + args[0] + "'");
            };
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(USAGE);
            return 2;
        }
    }

    private static String option(List<String> args, String name, String dflt) {
        int i = args.indexOf(name);
        if (i < 0) {
            return dflt;
        }
        if (i + 1 >= args.size()) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        String v = args.get(i + 1);
        args.subList(i, i + 2).clear();
        return v;
    }

    private static List<String> options(List<String> args, String name) {
        List<String> values = new ArrayList<>();
        for (String v = option(args, name, null); v != null; v = option(args, name, null)) {
            values.add(v);
        }
        return values;
    }

    private static String single(List<String> args, String what) {
        if (args.size() != 1) {
            throw new IllegalArgumentException("expected " + what + ", got " + args);
        }
        return args.get(0);
    }

    private static void noMore(List<String> args) {
        if (!args.isEmpty()) {
            throw new IllegalArgumentException("unexpected arguments " + args);
        }
    }
}
