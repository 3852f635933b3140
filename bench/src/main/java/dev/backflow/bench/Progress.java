package dev.backflow.bench;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.format.OutputFormat;

/**
 * JMH's own output, plus one line at the start of every benchmark with the progress over the whole run (JMH's
 * "Run progress" covers only the suite it is running): which suite of how many, which benchmark of how many,
 * the time elapsed and an estimate of the time left. The estimate is the planned time of what is left, scaled
 * by how the time taken so far compares with the plan for what is done.
 */
final class Progress implements OutputFormat {
    private final OutputFormat jmh;
    private final List<RunPlan.SuitePlan> suites;
    private final long start = System.nanoTime();
    private final double plannedTotal;
    private int suite = -1;
    private int benchmark;
    private int inSuite;
    private double plannedDone;

    Progress(OutputFormat jmh, List<RunPlan.SuitePlan> suites) {
        this.jmh = jmh;
        this.suites = suites;
        this.plannedTotal = suites.stream().mapToDouble(s -> s.benchmarks() * s.secondsEach()).sum();
    }

    /** Called before each suite's JMH run. */
    void nextSuite() {
        suite++;
        inSuite = 0;
    }

    @Override
    public void startBenchmark(BenchmarkParams params) {
        jmh.startBenchmark(params);
        RunPlan.SuitePlan s = suites.get(suite);
        if (inSuite > 0) {
            plannedDone += s.secondsEach(); // the benchmark before this one in the suite has finished
        }
        inSuite++;
        benchmark++;
        jmh.println(line(s));
    }

    String line(RunPlan.SuitePlan s) {
        double elapsed = (System.nanoTime() - start) / 1e9;
        double plannedLeft = Math.max(0, plannedTotal - plannedDone);
        double left = plannedDone > 0 ? plannedLeft * elapsed / plannedDone : plannedLeft;
        int total = suites.stream().mapToInt(RunPlan.SuitePlan::benchmarks).sum();
        return String.format(Locale.ROOT, "# Backflow run: suite %d of %d (%s), benchmark %d of %d; %s elapsed, "
                        + "about %s left", suite + 1, suites.size(), s.benchmarkClass(), Math.min(benchmark, total),
                total, duration(elapsed), duration(left));
    }

    /** Called after each suite's JMH run: its last benchmark is done. */
    void endSuite() {
        if (inSuite > 0) {
            plannedDone += suites.get(suite).secondsEach();
        }
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 60 ? String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60) : s + " s";
    }

    @Override
    public void iteration(BenchmarkParams b, IterationParams i, int n) {
        jmh.iteration(b, i, n);
    }

    @Override
    public void iterationResult(BenchmarkParams b, IterationParams i, int n, IterationResult r) {
        jmh.iterationResult(b, i, n, r);
    }

    @Override
    public void endBenchmark(BenchmarkResult result) {
        jmh.endBenchmark(result);
    }

    @Override
    public void startRun() {
        jmh.startRun();
    }

    // The rest of JMH's OutputFormat is forwarded as it is: an interface of many methods, no base class to extend
    @Override
    public void endRun(Collection<RunResult> results) {
        jmh.endRun(results);
    }

    @Override
    public void print(String s) {
        jmh.print(s);
    }

    @Override
    public void println(String s) {
        jmh.println(s);
    }

    @Override
    public void flush() {
        jmh.flush();
    }

    /** JMH closes its output after each suite; the run goes on, so this only flushes. */
    @Override
    public void close() {
        jmh.flush();
    }

    @Override
    public void verbosePrintln(String s) {
        jmh.verbosePrintln(s);
    }

    @Override
    public void write(int b) {
        jmh.write(b);
    }

    @Override
    public void write(byte[] b) throws IOException {
        jmh.write(b);
    }
}
