package dev.backflow.bench;

import com.google.gson.JsonArray;
import dev.backflow.bench.harness.Args;
import dev.backflow.bench.harness.BadInput;
import dev.backflow.bench.harness.OutputDir;
import dev.backflow.bench.harness.VectorWidth;
import dev.backflow.bench.report.Environment;
import dev.backflow.bench.report.JmhJson;
import dev.backflow.bench.report.Markdown;
import dev.backflow.bench.report.Report;
import dev.backflow.bench.report.Result;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The {@code run} command: measures the plan's suites one after another (each suite has its own parameter
 * values, and JMH applies a parameter override to every benchmark that has it), merges their JSON into
 * results.json, writes environment.json beside it, and writes and prints the report.
 *
 * <p>The output directory is checked before anything runs. Everything is written into a staging directory
 * beside it ({@code .NAME.partial}, one per output directory, emptied by each run) and moved into it only once
 * the whole run and its report have succeeded, so bad input or a failed run never replaces earlier results;
 * a failed run says where its partial results are. The move removes the files of an earlier run that this
 * one did not write (a suite not measured this time, a chart not drawn).
 */
public final class Run {
    private Run() {}

    static int run(List<String> args, PrintStream out, PrintStream err) throws IOException, CommandLineOptionException {
        CommandLineOptions listing = listingOnly(args);
        if (listing != null) {
            return list(listing);
        }
        RunPlan plan = RunPlan.parse(args);
        if (VectorWidth.preferredBits() == 0) {
            throw new BadInput("this JVM lacks jdk.incubator.vector; start it with --add-modules jdk.incubator.vector "
                    + "(scripts/bench.sh does)");
        }
        Path target = plan.out().toAbsolutePath().normalize();
        OutputDir.check(target, plan.extraResult());
        PrintStream jmhOut = plan.jmh().getOutput().hasValue() ? open(plan.jmh().getOutput().get()) : out;
        Path staging = staging(target);
        OutputFormat format = OutputFormatFactory.createFormatInstance(jmhOut,
                plan.jmh().verbosity().orElse(VerboseMode.NORMAL));
        Progress progress = new Progress(format, plan.suites());
        JsonArray merged = new JsonArray();
        String md;
        try {
            for (RunPlan.SuitePlan suite : plan.suites()) {
                Path json = staging.resolve("jmh-" + suite.benchmarkClass() + ".json");
                suite.options().resultFormat(ResultFormatType.JSON).result(json.toString());
                out.println("== " + suite.benchmarkClass() + " (" + plan.profile().name() + " profile)");
                progress.nextSuite();
                try {
                    new Runner(suite.options().build(), progress).run();
                } catch (RunnerException e) {
                    return failed(suite.benchmarkClass() + " failed: " + Args.firstLine(e.getMessage()), staging,
                            target, err);
                }
                progress.endSuite();
                merged.addAll(suiteResults(json, suite.benchmarkClass()));
            }
            JmhJson.write(staging.resolve("results.json"), merged);
            JmhJson.write(staging.resolve("environment.json"), Environment.capture(plan.profile().name(),
                    plan.notes(), Result.read(staging.resolve("results.json"))));
            md = Report.write(staging.resolve("results.json"), staging);
        } catch (BadInput e) {
            return failed(e.getMessage(), staging, target, err);
        } catch (IOException e) {
            return failed("writing the results failed (" + OutputDir.why(e) + ")", staging, target, err);
        } finally {
            if (jmhOut != out) {
                format.close();
            }
        }
        try {
            moveAll(staging, target);
        } catch (IOException e) {
            err.println("run: moving the results into " + target + " failed (" + OutputDir.why(e) + ")"
                    + (Files.isDirectory(staging) ? "; what was not moved is in " + staging : ""));
            return 1;
        }
        if (plan.extraResult() != null) {
            try {
                Files.copy(target.resolve("results.json"), plan.extraResult(), StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                err.println("run: the results are in " + target + ", but copying results.json to -rff "
                        + plan.extraResult() + " failed (" + OutputDir.why(e) + ")");
                return 1;
            }
        }
        out.print(md);
        out.println();
        out.println("Report: " + target.resolve("report.md")
                + " (results.json, environment.json and the charts beside it)");
        return 0;
    }

    /**
     * The one staging directory of an output directory, {@code .NAME.partial} beside it, emptied: a run that
     * failed or was interrupted left its results there (older versions in {@code .NAME.partial-*}), and each
     * run into the same output directory replaces them, so at most one is ever left behind.
     */
    static Path staging(Path target) throws IOException {
        String prefix = "." + target.getFileName() + ".partial";
        try (Stream<Path> siblings = Files.list(target.getParent())) {
            for (Path p : siblings.filter(p -> {
                String name = p.getFileName().toString();
                return Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
                        && (name.equals(prefix) || name.startsWith(prefix + "-"));
            }).toList()) {
                deleteTree(p);
            }
        }
        try {
            return Files.createDirectory(target.resolveSibling(prefix));
        } catch (IOException e) {
            throw new BadInput("--out " + target + ": cannot create " + target.resolveSibling(prefix) + " ("
                    + OutputDir.why(e) + ")");
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /**
     * A suite's JMH results. JMH writes them through a PrintStream, which drops write errors: a full disk
     * leaves an empty or cut-off file, which is said to be a failed write (and a full disk, where it is).
     */
    static JsonArray suiteResults(Path json, String suite) throws IOException {
        long free = Files.getFileStore(json.getParent()).getUsableSpace();
        if (!Files.isRegularFile(json) || Files.size(json) == 0) {
            throw new BadInput(unwritten(json, suite, free));
        }
        try {
            return JmhJson.array(json);
        } catch (BadInput e) {
            throw free < LOW_SPACE ? new BadInput(unwritten(json, suite, free) + " (" + e.getMessage() + ")") : e;
        }
    }

    /** Below this many free bytes, an unwritten result file is put down to a full disk. */
    static final long LOW_SPACE = 1 << 20;

    static String unwritten(Path json, String suite, long freeBytes) {
        return "writing " + suite + "'s results failed: JMH left " + json + (Files.isRegularFile(json)
                ? " " + sizeOf(json) + " bytes long" : " missing") + (freeBytes < LOW_SPACE
                ? ", and the disk has no space left (" + freeBytes + " bytes free)" : "");
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * A run that failed after starting: one line saying why and where what it measured is kept (or, when it
     * measured nothing, that nothing is kept); the output directory is unchanged.
     */
    static int failed(String why, Path staging, Path target, PrintStream err) {
        boolean empty;
        try (Stream<Path> files = Files.list(staging)) {
            empty = files.findAny().isEmpty();
            if (empty) {
                Files.delete(staging);
            }
        } catch (IOException e) {
            empty = false;
        }
        err.println("run: " + Markdown.oneLine(why) + (empty ? "; nothing was kept"
                : "; the results measured so far are in " + staging + " (until the next run into " + target + ")")
                + ", " + target + " is unchanged");
        return 1;
    }

    /** JMH's -l, -lp, -lprof and -lrf: they list and run nothing. Null when none of them is given. */
    private static CommandLineOptions listingOnly(List<String> args) throws CommandLineOptionException {
        if (args.stream().noneMatch(a -> List.of("-l", "-lp", "-lprof", "-lrf").contains(a))) {
            return null;
        }
        List<String> jmhArgs = new ArrayList<>(args);
        for (int i = 0; i < jmhArgs.size(); ) {
            if (RunPlan.OWN_OPTIONS.contains(jmhArgs.get(i))) { // they do not change what JMH lists
                jmhArgs.subList(i, Math.min(i + 2, jmhArgs.size())).clear();
            } else {
                i++;
            }
        }
        return new CommandLineOptions(jmhArgs.toArray(String[]::new));
    }

    private static int list(CommandLineOptions jmh) {
        if (jmh.shouldListProfilers()) {
            jmh.listProfilers();
        } else if (jmh.shouldListResultFormats()) {
            jmh.listResultFormats();
        } else if (jmh.shouldListWithParams()) {
            new Runner(jmh).listWithParams(jmh);
        } else {
            new Runner(jmh).list();
        }
        return 0;
    }

    private static PrintStream open(String file) {
        try {
            return new PrintStream(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInput("-o " + file + ": cannot write (" + e.getMessage() + ")");
        }
    }

    /**
     * Moves every file of the staging directory into the target (replacing same-named ones), removes it, then
     * removes the files an earlier run wrote there that this one did not ({@link #written}), so that nothing
     * stale lies beside the new results.
     */
    static void moveAll(Path staging, Path target) throws IOException {
        Files.createDirectories(target);
        Set<Path> moved = new HashSet<>();
        try (Stream<Path> files = Files.list(staging)) {
            for (Path f : files.toList()) {
                Path to = target.resolve(f.getFileName());
                try {
                    Files.move(f, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(f, to, StandardCopyOption.REPLACE_EXISTING);
                }
                moved.add(f.getFileName());
            }
        }
        Files.delete(staging);
        try (Stream<Path> files = Files.list(target)) {
            for (Path f : files.toList()) {
                if (written(f.getFileName().toString()) && !moved.contains(f.getFileName()) && Files.isRegularFile(f)) {
                    Files.delete(f);
                }
            }
        }
    }

    /** The names of the files a run writes: each suite's JMH results, the merged ones, the report and its charts. */
    static boolean written(String name) {
        return name.matches("jmh-[A-Za-z0-9]+\\.json|results\\.json|environment\\.json|report\\.md"
                + "|(elementwise|scaling)-[^/]+\\.svg|matmul(-products)?\\.svg");
    }
}
