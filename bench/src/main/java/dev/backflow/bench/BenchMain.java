package dev.backflow.bench;

import dev.backflow.bench.gate.Gate;
import dev.backflow.bench.gate.GateRow;
import dev.backflow.bench.harness.Args;
import dev.backflow.bench.harness.BadInput;
import dev.backflow.bench.paired.Paired;
import dev.backflow.bench.paired.PairedPlan;
import dev.backflow.bench.report.Compare;
import dev.backflow.bench.report.Markdown;
import dev.backflow.bench.report.PairedCompare;
import dev.backflow.bench.report.PairedData;
import dev.backflow.bench.report.PairedReport;
import dev.backflow.bench.report.Report;
import dev.backflow.bench.report.Units;
import dev.backflow.bench.tune.Tune;
import dev.backflow.bench.tune.TunePlan;
import dev.backflow.bench.tune.TuneScore;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * The benchmark jar's command line: {@code run} (the default: any arguments that do not start with a command
 * are run's, so JMH's habits work as they are), {@code report}, {@code compare}, {@code paired},
 * {@code tune} and {@code gate}. {@code -h} or
 * {@code --help} after any command explains it. Bad input of any kind is one line on stderr and exit status
 * 2, never a stack trace.
 */
public final class BenchMain {
    private BenchMain() {}

    static final List<String> COMMANDS = List.of("run", "report", "compare", "paired", "tune", "gate");

    static final String RUN_USAGE = """
            usage: java --add-modules jdk.incubator.vector -jar benchmarks.jar [run] \
            [--profile quick|full|ci|scaling|smoke]
                       [--out DIR] [--suite CLASS]... [JMH options] [benchmark regex]...
              Measures the profile's suites (default quick) into DIR (default results/<profile>), then writes and
              prints the report. JMH's own options work as with org.openjdk.jmh.Main and win over the profile's
              settings: e.g. MatmulBench -p shape=64 -f 1 -prof gc. A regex selects among the profile's suites.
              -p threads=1,2,4 runs Backflow's kernels, OpenBLAS and the bandwidth probe on each of those thread
              counts (EJML and VectorBLAS run on one thread only). DIR is replaced only once the whole run has
              succeeded.
            """;

    static final String REPORT_USAGE = """
            usage: java -jar benchmarks.jar report RESULTS.json|paired.json [--out DIR]
              Markdown tables and SVG charts from a run's results.json (and the environment.json beside it),
              written into DIR (default: beside RESULTS.json) and printed. Rows whose iterations were still
              getting faster are marked unstable. A paired.json beside RESULTS.json adds the paired section;
              given a paired.json itself, report writes paired.md and its charts.
            """;

    static final String COMPARE_USAGE = """
            usage: java -jar benchmarks.jar compare BASE.json[,BASE2.json...] NEW.json[,NEW2.json...] [--threshold PCT]
              The regression gate: judges every row from the forks' per-iteration data (Welch's t on the fork
              means, %d%% intervals) and prints a markdown summary and table, regressions first. Several
              files on a side are runs of the same code (best interleaved: base, new, base, new): their forks
              are pooled, so drift between runs widens the intervals instead of passing for a change.
              PCT (default %s) is the smallest change that counts: a regression is a row whose whole interval
              lies above +PCT%%.
              Where a paired.json lies beside the first file of each side (or given two paired.json files),
              the paired ratios of both are printed side by side per row and state, not judged.
              exit 0: every row judged, no regression
                   1: at least one regression
                   2: unusable input (missing or malformed file, different rows, bad threshold)
                   3: no regression, but some row cannot be judged (fewer than 2 forks, no per-iteration data)
            """.formatted(Compare.CONFIDENCE_PCT, Units.significant(Compare.DEFAULT_THRESHOLD_PCT, 3));

    static final String PAIRED_USAGE = """
            usage: java --add-modules jdk.incubator.vector -jar benchmarks.jar paired [--a ROW] [--b ROW]
                       [--shape 256,512,64x784x256] [--products both,dX,dW] [--threads 1,2] [--rounds N]
                       [--batch-ms MS] [--probe-ms MS] [--warmup-ms MS] [--seed N] [--offsets zero|swept]
                       [--out DIR]
              Paired measurement: rows A and B called alternately in rounds in this JVM, an FMA probe between
              rounds telling the machine's fast or slow state; per row (shape, product, threads) and state the
              median of speed(A)/speed(B) with its 95%% interval. --offsets swept puts each operand at an even
              offset of 0 to 14 floats into a new, longer array, drawn before every round, so that the rounds
              sample every alignment of the operands to a 64-byte line, not the one the allocator gave this JVM,
              and where in memory the arrays lie may change too (ejml takes no offsets). ROW: scalar, vector,
              openblas, ejml, netlib-vector, vector-ld (vector on operands with leading dimensions), or jar:DIR (a
              Backflow build: DIR holds backflow-core-*.jar and backflow-simd-*.jar, or is a built checkout with them
              under core/target and simd/target). Products: both, dX, dW (matmulBackward) and NN, NT, TN,
              TT (the forward sgemm, C += op(A)·op(B), with m×k×n as GEMM's: C m×n, inner size k).
              Defaults: --a vector --b openblas --shape %s --products both,dX,dW --threads 1,2 --rounds 40
              --batch-ms 25 --probe-ms 5 --warmup-ms 2000 --offsets zero --out results/paired. Writes paired.json,
              paired.md and paired-t<threads>.svg into DIR and prints the report. OpenBLAS needs OPENBLAS_NUM_THREADS=1
              (scripts/bench.sh sets it).
            """.formatted(PairedPlan.DEFAULT_SHAPES);

    static final String TUNE_USAGE = """
            usage: java --add-modules jdk.incubator.vector -jar benchmarks.jar tune [--minutes N] [--shape LIST]
                       [--products both] [--against openblas|scalar|ejml|netlib-vector] [--search mc,nc,kc,...]
                       [--margin PCT] [--rounds N] [--batch-ms MS] [--probe-ms MS] [--warmup-ms MS] [--seed N]
                       [--out DIR]
              Searches the vector GEMM's settings (backflow.gemm.mc, nc, kc, transposePack, and mr with 32 vector
              registers; none changes a bit of any result) on this machine, one thread, by coordinate descent from
              the defaults in that order. Each setting runs in a child JVM that runs paired: vector against the
              yardstick at the shapes; its score is the geometric mean over the rows of the median ratio (fast
              rounds where every row has %d, else all rounds; one fast/slow threshold over all children). A change
              is kept only if its score beats the incumbent's by more than PCT%% and the two intervals do not
              overlap. Prints the best setting next to the defaults, its JVM options and the row for simd's
              TunedDefaults; writes tune.json, tune.md and candidates/NN/ into DIR (see docs/tuning.md).
              Defaults: --minutes 5 --shape %s --products both --against openblas (scalar
              where OpenBLAS is missing) --search %s --margin 3 --rounds fitted to the
              budget (8 to 60) --batch-ms 25 --probe-ms 5 --warmup-ms 500 --seed 1 --out results/tune.
            """.formatted(TuneScore.MIN_FAST_ROUNDS, TunePlan.DEFAULT_SHAPES, TunePlan.DEFAULT_SEARCH);

    static final String GATE_USAGE = """
            usage: java --add-modules jdk.incubator.vector -jar benchmarks.jar gate BASE CAND [--rows LIST]
                       [--pairs N] [--iterations N] [--iteration-ms MS] [--probe-ms MS] [--warmup-cap-ms MS]
                       [--threshold PCT] [--steady PCT] [--judge normalised|raw] [--seed N] [--out DIR]
                       [--cand-extra ROW=PCT[,ROW=PCT...]]
              The CI gate for shared machines. BASE and CAND are Backflow builds (a directory with
              backflow-core-*.jar and backflow-simd-*.jar, or a built checkout with them under core/target and
              simd/target), both measured by this jar's harness: N pairs, each a child JVM that loads both
              builds (which first drawn from the seed, printed), warms each row on both until their iterations
              stop falling (or the cap), then measures it in rounds, one iteration of each side per round in a
              drawn order, reading an FMA probe and a bandwidth probe around every round. Per row, the ratio
              cand/base of each pair; a 95%% t interval over the pairs; judged on raw time and on time x the
              probe that bounds the row (FMA for matmul, bandwidth for elementwise), both reported; --judge says
              which sets the exit status. Regression:
              the interval lies above 0 and the estimate above +PCT%%. Rows: the ci profile's (%s).
              Defaults: --pairs 8 --iterations 10 --iteration-ms 40 --probe-ms 3 --warmup-cap-ms 3000
              --threshold 5 --steady 10 --judge normalised --seed (drawn) --out results/gate.
              --cand-extra ROW=PCT is a TEST DEVICE: the candidate does PCT%% more of that row's work
              (ROW: matmul for every matmul row, or a row; several, comma-separated, slow several rows), to
              measure the gate's power without a slowed build.
              exit 0: no regression
                   1: a regression, or a fork failed (a build's result is wrong, or it threw)
                   2: unusable input
                   3: no regression, but the probes show the machine changed too much to judge some row
            """.formatted(String.join(",", GateRow.ci().stream().map(GateRow::id).toList()));

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> rest = new ArrayList<>(List.of(args));
        String command = !rest.isEmpty() && COMMANDS.contains(rest.get(0)) ? rest.remove(0) : "run";
        try {
            if (rest.contains("-h") || rest.contains("--help")) {
                return help(command, out);
            }
            return switch (command) {
                case "run" -> Run.run(rest, out, err);
                case "report" -> {
                    String dir = Args.option(rest, "--out", null);
                    Path results = Path.of(single(rest, "RESULTS.json"));
                    Path outDir = dir == null ? results.toAbsolutePath().getParent() : Path.of(dir);
                    yield PairedData.isPaired(results) ? PairedReport.run(results, outDir, out)
                            : Report.run(results, outDir, out);
                }
                case "compare" -> {
                    String t = Args.option(rest, "--threshold", null);
                    double threshold = t == null ? Compare.DEFAULT_THRESHOLD_PCT : number("--threshold", t);
                    if (rest.size() != 2) {
                        throw new BadInput("expected BASE.json NEW.json, got " + rest);
                    }
                    List<Path> base = paths(rest.get(0));
                    List<Path> next = paths(rest.get(1));
                    boolean pairedBase = PairedData.isPaired(base.get(0));
                    if (pairedBase != PairedData.isPaired(next.get(0))) {
                        throw new BadInput("one side is a paired file and the other is not: compare results.json "
                                + "with results.json, or paired.json with paired.json");
                    }
                    yield pairedBase ? PairedCompare.run(base, next, out) : Compare.run(base, next, threshold, out);
                }
                case "paired" -> Paired.run(rest, out, err);
                case "tune" -> Tune.run(rest, out, err);
                case "gate" -> Gate.run(rest, out, err);
                default -> throw new IllegalStateException(command);
            };
        } catch (BadInput e) {
            err.println(command + ": " + Markdown.oneLine(e.getMessage()));
            return 2;
        } catch (CommandLineOptionException e) {
            err.println(command + ": " + Markdown.oneLine(Args.firstLine(e.getMessage()))
                    + " (-h lists JMH's options)");
            return 2;
        } catch (InvalidPathException e) {
            err.println(command + ": not a usable path: " + Markdown.oneLine(e.getMessage()));
            return 2;
        } catch (IOException e) {
            err.println(command + ": " + Markdown.oneLine(e.toString()));
            return 2;
        }
    }

    private static int help(String command, PrintStream out) {
        switch (command) {
            case "report" -> out.print(REPORT_USAGE);
            case "compare" -> out.print(COMPARE_USAGE);
            case "paired" -> out.print(PAIRED_USAGE);
            case "tune" -> out.print(TUNE_USAGE);
            case "gate" -> out.print(GATE_USAGE);
            default -> {
                out.print(RUN_USAGE);
                out.println();
                out.print(REPORT_USAGE);
                out.println();
                out.print(COMPARE_USAGE);
                out.println();
                out.print(PAIRED_USAGE);
                out.println();
                out.print(TUNE_USAGE);
                out.println();
                out.print(GATE_USAGE);
                out.println();
                out.println("JMH's options (for run):");
                out.flush();
                try {
                    new CommandLineOptions().showHelp();
                } catch (IOException | CommandLineOptionException e) {
                    out.println("(JMH's option list is unavailable: " + e.getMessage() + ")");
                }
            }
        }
        return 0;
    }

    /** One file, or several runs of one side separated by commas. */
    private static List<Path> paths(String arg) {
        return List.of(arg.split(",")).stream().map(Path::of).toList();
    }

    private static double number(String option, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new BadInput(option + " takes a number, not '" + value + "'");
        }
    }

    private static String single(List<String> args, String what) {
        if (args.size() != 1) {
            throw new BadInput("expected " + what + ", got " + args);
        }
        return args.get(0);
    }
}
