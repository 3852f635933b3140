package dev.backflow.bench.tune;

import dev.backflow.bench.harness.Args;
import dev.backflow.bench.harness.BadInput;
import dev.backflow.bench.harness.Shapes;
import dev.backflow.bench.report.Environment;
import dev.backflow.bench.report.PairedData;
import dev.backflow.bench.report.Units;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tune command's options, checked before anything runs; bad input is {@link BadInput}, one line.
 *
 * @param against   the yardstick, paired's row B: openblas, scalar, ejml or netlib-vector (never a row the
 *                  settings change)
 * @param note      why the yardstick is not OpenBLAS where it was not asked for, or ""
 * @param shapes    m×k×n or a single size, as paired takes them
 * @param products  a subset of {@link PairedData#PRODUCTS}
 * @param minutes   the time budget of the whole search
 * @param marginPct the margin of {@link TuneSearch#beats}
 * @param rounds    rounds per child, or 0 to fit them to the budget
 * @param batchMs   paired's batch time
 * @param probeMs   paired's probe time
 * @param warmupMs  paired's warm-up per row
 * @param seed      the seed of the first child's round order (the n-th child's is seed + n)
 * @param search    the coordinates, in the order searched
 * @param out       the output directory
 */
public record TunePlan(String against, String note, List<String> shapes, List<String> products, double minutes,
                double marginPct, int rounds, double batchMs, double probeMs, double warmupMs, long seed,
                List<TuneSetting.Coordinate> search, Path out) {

    public static final String DEFAULT_SHAPES = "256,1024,64x784x256,512x1024x1024";
    public static final String DEFAULT_SEARCH = "mc,nc,kc,transposePack,mr";
    static final List<String> YARDSTICKS = List.of("openblas", "scalar", "ejml", "netlib-vector");

    static TunePlan parse(List<String> argList) {
        List<String> args = new ArrayList<>(argList);
        String asked = Args.option(args, "--against", null);
        List<String> shapes = Args.list(Args.option(args, "--shape", DEFAULT_SHAPES), "--shape");
        shapes.forEach(Shapes::dims);
        List<String> products = Args.list(Args.option(args, "--products", "both"), "--products");
        for (String p : products) {
            if (!PairedData.PRODUCTS.contains(p)) {
                throw new BadInput("--products: unknown product '" + p + "' (both, dX, dW)");
            }
        }
        double minutes = number("--minutes", Args.option(args, "--minutes", "5"), 1440);
        double margin = number("--margin", Args.option(args, "--margin", "3"), 100);
        String roundsText = Args.option(args, "--rounds", null);
        int rounds = roundsText == null ? 0 : (int) Args.whole("--rounds", roundsText, 1, 1_000_000);
        double batchMs = Args.millis("--batch-ms", Args.option(args, "--batch-ms", "25"));
        double probeMs = Args.millis("--probe-ms", Args.option(args, "--probe-ms", "5"));
        double warmupMs = Args.millis("--warmup-ms", Args.option(args, "--warmup-ms", "500"));
        long seed = Args.whole("--seed", Args.option(args, "--seed", "1"), 0, Long.MAX_VALUE / 2);
        List<TuneSetting.Coordinate> search = new ArrayList<>();
        for (String c : Args.list(Args.option(args, "--search", DEFAULT_SEARCH), "--search")) {
            search.add(TuneSetting.Coordinate.of(c));
        }
        Path out = Path.of(Args.option(args, "--out", "results/tune"));
        if (!args.isEmpty()) {
            throw new BadInput("unknown argument" + (args.size() > 1 ? "s " : " ") + String.join(" ", args)
                    + " (-h lists tune's options)");
        }
        String against = asked;
        String note = "";
        boolean openBlas = Environment.openBlas().isPresent();
        if (against == null) {
            against = openBlas ? "openblas" : "scalar";
            note = openBlas ? "" : "OpenBLAS is not installed, so the yardstick is Backflow's scalar kernels "
                    + "(install libopenblas0, or give -Dbackflow.openblas=PATH, for ratios against OpenBLAS)";
        } else if (!YARDSTICKS.contains(against)) {
            throw new BadInput("--against: '" + against + "' cannot be the yardstick: it must be a row no setting "
                    + "changes (" + String.join(", ", YARDSTICKS) + ")");
        } else if (against.equals("openblas") && !openBlas) {
            throw new BadInput("--against openblas: OpenBLAS is not installed (Debian: apt-get install libopenblas0; "
                    + "or -Dbackflow.openblas=PATH)");
        }
        return new TunePlan(against, note, shapes, products, minutes, margin, rounds, batchMs, probeMs, warmupMs,
                seed, List.copyOf(search), out);
    }

    /** The settings as tune.json records them. */
    Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("against", against);
        s.put("shapes", shapes);
        s.put("products", products);
        s.put("threads", 1);
        s.put("minutes", minutes);
        s.put("marginPct", marginPct);
        s.put("rounds", rounds == 0 ? "fitted to the budget" : rounds);
        s.put("batchMs", batchMs);
        s.put("probeMs", probeMs);
        s.put("warmupMs", warmupMs);
        s.put("seed", seed);
        s.put("search", search.stream().map(c -> c.property).toList());
        return s;
    }

    private static double number(String option, String value, double max) {
        double v;
        try {
            v = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new BadInput(option + " takes a number, not '" + value + "'");
        }
        if (!(v >= 0) || v > max || option.equals("--minutes") && v == 0) {
            throw new BadInput(option + ": " + value + " is not a number from " + (option.equals("--minutes")
                    ? "above 0" : "0") + " to " + Units.significant(max, 4));
        }
        return v;
    }
}
