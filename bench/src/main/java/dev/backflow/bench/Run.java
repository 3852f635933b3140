package dev.backflow.bench;

import com.google.gson.JsonArray;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
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
 * <p>Everything is written into a fresh directory beside the output directory and moved into it only once
 * the whole run and its report have succeeded, so bad input or a failed run never replaces earlier results;
 * a failed run says where its partial results are.
 */
final class Run {
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
        Files.createDirectories(target.getParent());
        Path staging = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".partial-");
        PrintStream jmhOut = plan.jmh().getOutput().hasValue() ? open(plan.jmh().getOutput().get()) : out;
        OutputFormat format = OutputFormatFactory.createFormatInstance(jmhOut,
                plan.jmh().verbosity().orElse(VerboseMode.NORMAL));
        Progress progress = new Progress(format, plan.suites());
        JsonArray merged = new JsonArray();
        try {
            for (RunPlan.SuitePlan suite : plan.suites()) {
                Path json = staging.resolve("jmh-" + suite.benchmarkClass() + ".json");
                suite.options().resultFormat(ResultFormatType.JSON).result(json.toString());
                out.println("== " + suite.benchmarkClass() + " (" + plan.profile().name() + " profile)");
                progress.nextSuite();
                try {
                    new Runner(suite.options().build(), progress).run();
                } catch (RunnerException e) {
                    err.println("run: " + suite.benchmarkClass() + " failed: " + firstLine(e.getMessage())
                            + "; the results measured so far are in " + staging + ", " + target + " is unchanged");
                    return 1;
                }
                progress.endSuite();
                merged.addAll(JmhJson.array(json));
            }
        } finally {
            if (jmhOut != out) {
                format.close();
            }
        }
        JmhJson.write(staging.resolve("results.json"), merged);
        JmhJson.write(staging.resolve("environment.json"), Environment.capture(plan.profile().name(), plan.notes(),
                Result.read(staging.resolve("results.json"))));
        String md = Report.write(staging.resolve("results.json"), staging);
        moveAll(staging, target);
        if (plan.extraResult() != null) {
            Files.copy(target.resolve("results.json"), plan.extraResult(), StandardCopyOption.REPLACE_EXISTING);
        }
        out.print(md);
        out.println();
        out.println("Report: " + target.resolve("report.md") + " (results.json, environment.json and the charts beside it)");
        return 0;
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

    /** Moves every file of the staging directory into the target (replacing same-named ones), then removes it. */
    private static void moveAll(Path staging, Path target) throws IOException {
        Files.createDirectories(target);
        try (Stream<Path> files = Files.list(staging)) {
            for (Path f : files.toList()) {
                Path to = target.resolve(f.getFileName());
                try {
                    Files.move(f, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(f, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Files.delete(staging);
    }

    static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
