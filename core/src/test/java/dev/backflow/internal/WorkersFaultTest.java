package dev.backflow.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.backflow.Kernels;
import dev.backflow.testing.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The worker pool under faults, each in a child JVM: a part's failure that cannot even be recorded (the heap
 * full), and an OS that refuses new threads.
 */
class WorkersFaultTest {

    /** core and core's test classes (the children's main classes), as a class path. */
    static final String PATH = ChildJvm.path(Workers.class, WorkersFaultTest.class);

    @Test
    void aFailureThatCannotBeRecordedNeitherStrandsTheCallerNorKillsAWorker() throws Exception {
        // Recording a second failure calls addSuppressed, which allocates; with the heap full it throws. Before,
        // that error escaped: on a worker it killed the worker and the caller parked forever (exit 3 here);
        // inline it stopped the remaining parts.
        ChildJvm.Result r = ChildJvm.java("-Xmx32m", "-XX:+UseSerialGC", "-cp", PATH,
                PartFailureChild.class.getName());
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.out().contains("inline: threw first, every part ran"), r.all());
        assertTrue(r.out().contains("caller: threw first, worker alive"), r.all());
        assertTrue(r.out().contains("worker: threw first, worker alive"), r.all());
        assertTrue(r.out().contains("pool works"), r.all());
    }

    @Test
    void whenTheOsRefusesAThreadCallsRunOnTheWorkersThereAreAndItIsLoggedOnce() throws Exception {
        // A limit of 80 threads for the user the child runs as: its JVM takes about 20, it fills the rest.
        // root is not bound by ulimit -u, so as root the child runs as nobody (setpriv), who has no threads.
        assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "needs Linux's /proc to count threads");
        boolean root = uidOfThisProcess() == 0;
        Path setpriv = Path.of("/usr/bin/setpriv");
        assumeTrue(!root || Files.isExecutable(setpriv), "running as root, without setpriv to drop to nobody");
        long uid = root ? 65534 : uidOfThisProcess();
        int limit = threadsOfUser(uid) + 80;
        List<String> cmd = new ArrayList<>();
        if (root) {
            cmd.addAll(List.of(setpriv.toString(), "--reuid=65534", "--regid=65534", "--clear-groups"));
        }
        cmd.addAll(List.of("bash", "-c", "ulimit -u " + limit + " && exec \"$0\" \"$@\"", ChildJvm.java(),
                "-Xshare:auto", "-XX:+UseSerialGC", "-XX:-UseDynamicNumberOfCompilerThreads",
                "-D" + Kernels.KEEP_ALIVE_PROPERTY + "=1000", "-cp", PATH, ThreadLimitChild.class.getName()));
        ChildJvm.Result r = ChildJvm.run(cmd);
        assumeTrue(!r.out().contains("no limit"), "ulimit -u is not enforced here:\n" + r.all());
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.out().contains("refused after"), r.all());
        assertTrue(r.out().contains("calls ok"), r.all());
        Matcher recovered = Pattern.compile("recovered workers=(\\d+)").matcher(r.out());
        assertTrue(recovered.find(), r.all());
        assertTrue(Integer.parseInt(recovered.group(1)) >= 7, "the pool grows again once threads can be had\n"
                + r.all());
        String warning = "a worker thread could not be started";
        assertEquals(1, r.err().split(Pattern.quote(warning), -1).length - 1, "logged once:\n" + r.all());
    }

    private static long uidOfThisProcess() throws IOException {
        return uidOf(Path.of("/proc/self/status"));
    }

    /** The real uid in a /proc status file, or -1. */
    private static long uidOf(Path status) throws IOException {
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("Uid:")) {
                return Long.parseLong(line.substring(4).trim().split("\\s+")[0]);
            }
        }
        return -1;
    }

    /** The threads of every process of that real user now (what ulimit -u counts). */
    private static int threadsOfUser(long uid) throws IOException {
        int threads = 0;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                if (!p.getFileName().toString().chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    if (uidOf(p.resolve("status")) == uid) {
                        try (Stream<Path> tasks = Files.list(p.resolve("task"))) {
                            threads += (int) tasks.count();
                        }
                    }
                } catch (IOException gone) {
                    // the process ended meanwhile
                }
            }
        }
        return threads;
    }
}
