package dev.backflow.bench.paired;

import dev.backflow.bench.harness.Args;
import dev.backflow.bench.harness.OutputDir;
import dev.backflow.bench.report.PairedAnalysis;
import dev.backflow.bench.report.PairedData;
import dev.backflow.bench.report.PairedReport;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code paired} command: measures two rows alternately in this JVM ({@link PairedRunner}), then writes
 * paired.json, paired.md and the charts into the output directory and prints the report. Everything the
 * command line says is checked before anything runs; a failed check of a kernel's result during the run, or a
 * kernel that throws, is exit 1 with one line, and nothing is written.
 */
public final class Paired {
    private Paired() {}

    public static int run(List<String> args, PrintStream out, PrintStream err) throws IOException {
        PairedPlan plan = PairedPlan.parse(args);
        Path target = OutputDir.prepare(plan.out()); // the checks `run` makes: not a file, writable (tried)
        int rows = plan.threads().size() * plan.shapes().size() * plan.products().size();
        out.printf(Locale.ROOT, "paired: A = %s, B = %s; %d rows (shapes %s; products %s; threads %s), %d rounds "
                        + "each%n", plan.a().label(), plan.b().label(), rows, String.join(",", plan.shapes()),
                String.join(",", plan.products()), plan.threads(), plan.rounds());
        PairedData.Run run;
        try {
            run = PairedRunner.measure(plan, out);
        } catch (RuntimeException e) {
            // A failed check (IllegalStateException) or a kernel that threw: one line, no stack trace.
            String why = e instanceof IllegalStateException && e.getMessage() != null ? e.getMessage() : e.toString();
            err.println("paired: " + Args.firstLine(why) + "; nothing written");
            return 1;
        } catch (OutOfMemoryError e) {
            err.println("paired: out of memory (give the JVM more with -Xmx, or measure smaller shapes); nothing "
                    + "written");
            return 1;
        }
        Map<String, String> charts = new LinkedHashMap<>();
        String md = PairedReport.markdown(PairedAnalysis.analyse(run), charts);
        PairedData.write(target.resolve(PairedReport.FILE), run);
        PairedReport.write(target, "paired.md", md, charts);
        out.print(md);
        out.println();
        out.println("Report: " + target.resolve("paired.md") + " (paired.json and the charts beside it)");
        return 0;
    }
}
