package dev.backflow.bench.gate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts the gate's forks: each a child JVM (this JVM's java, {@code --add-modules jdk.incubator.vector}, this
 * JVM's class path, so both sides run the same harness and only the measured build differs) running
 * {@link GateFork} on both sides' builds, one pair of the gate. Its output goes to a log beside its results; a
 * fork that fails is an IllegalStateException carrying the log's last line. An interrupted gate leaves no fork running.
 */
final class GateForks {

    /** A fork that runs longer than this is stopped: every row at its warm-up cap would take far less. */
    static final long MAX_MINUTES = 30;

    private final GatePlan plan;
    private final Path dir;
    private volatile Process running;

    GateForks(GatePlan plan, Path dir) {
        this.plan = plan;
        this.dir = dir;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Process p = running;
            if (p != null) {
                p.destroyForcibly();
            }
        }, "gate: stop the fork"));
    }

    /**
     * Runs the pair's fork: both builds in one JVM, the side {@code first} loaded first, the rounds' order drawn
     * from {@code seed}; reads what it measured, {base, candidate}.
     */
    GateData.Fork[] run(int pair, String first, long seed) {
        String name = String.format("%02d", pair);
        Path prefix = dir.resolve(name);
        Path log = dir.resolve(name + ".log");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                GateFork.class.getName(), "--base", plan.base(), "--cand", plan.cand(), "--first", first,
                "--pair", Integer.toString(pair), "--seed", Long.toString(seed), "--rows",
                String.join(",", plan.rows().stream().map(GateRow::id).toList()),
                "--iterations", Integer.toString(plan.iterations()),
                "--iteration-ms", Double.toString(plan.iterationMs()), "--probe-ms", Double.toString(plan.probeMs()),
                "--warmup-cap-ms", Double.toString(plan.warmupCapMs()), "--out", prefix.toString()));
        if (!plan.extra().none()) {
            cmd.addAll(List.of("--extra", plan.extra().spec()));
        }
        int exit;
        try {
            Files.createDirectories(dir);
            Files.writeString(log, String.join(" ", cmd) + System.lineSeparator());
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            running = p;
            if (!p.waitFor(MAX_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly().waitFor();
                throw new IllegalStateException("fork " + name + " ran past " + MAX_MINUTES + " minutes; its log: "
                        + log);
            }
            exit = p.exitValue();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run fork " + name + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while fork " + name + " ran");
        } finally {
            running = null;
        }
        if (exit != 0) {
            throw new IllegalStateException("fork " + name + " failed (exit " + exit + "): " + lastLine(log)
                    + " (its log: " + log + ")");
        }
        return new GateData.Fork[] {GateData.read(Path.of(prefix + "-base.json")),
            GateData.read(Path.of(prefix + "-cand.json"))};
    }

    private static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return lines.isEmpty() ? "(empty log)" : lines.get(lines.size() - 1);
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }
}
