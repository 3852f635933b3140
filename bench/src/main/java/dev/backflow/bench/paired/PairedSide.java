package dev.backflow.bench.paired;

import dev.backflow.bench.harness.Args;
import dev.backflow.bench.harness.BadInput;
import dev.backflow.bench.harness.JarBuild;
import dev.backflow.bench.harness.MatmulPeer;
import dev.backflow.bench.harness.OpenBlasThreads;
import dev.backflow.bench.report.Environment;
import dev.backflow.bench.report.Report;
import java.util.List;
import java.util.function.IntFunction;

/**
 * One side of a paired measurement, as the command line names it: one of the matmul implementations of the
 * JMH suites ({@code scalar}, {@code vector}, {@code openblas}, {@code ejml}, {@code netlib-vector}), or
 * {@code jar:DIR}, a Backflow build loaded from DIR's jars by a class loader of its own ({@link JarBuild}).
 *
 * @param spec the name on the command line
 * @param label the name in the report
 * @param description what paired.json records of it: Backflow's blocking, OpenBLAS's library, or ""
 * @param peers the implementation at a thread count; for OpenBLAS each call also sets OpenBLAS's thread count,
 *     so the runner asks for it again before every row
 */
record PairedSide(String spec, String label, String description, IntFunction<MatmulPeer> peers) {

    static final List<String> BUILT_IN = List.of("scalar", "vector", "vector-ld", "openblas", "ejml",
            "netlib-vector");

    MatmulPeer peer(int threads) {
        return peers.apply(threads);
    }

    /**
     * The side that spec names, checked on every thread count: an unknown name, a missing or unusable jar
     * directory, OpenBLAS not installed or a one-thread peer asked for more threads is {@link BadInput}.
     */
    static PairedSide of(String option, String spec, List<Integer> threads) {
        PairedSide side;
        if (spec.startsWith("jar:")) {
            JarBuild build = JarBuild.load(option, spec.substring(4));
            side = new PairedSide(spec, build.label(), build.description(), build::peer);
        } else if (BUILT_IN.contains(spec)) {
            String description = switch (spec) {
                case "openblas" -> useOpenBlas(option, threads);
                case "vector", "vector-ld" -> Environment.vectorKernels();
                default -> "";
            };
            side = new PairedSide(spec, Report.IMPL_LABELS.getOrDefault(spec, spec), description,
                    t -> MatmulPeer.of(spec, t));
        } else {
            throw new BadInput(option + ": unknown row '" + spec + "' (" + String.join(", ", BUILT_IN)
                    + ", or jar:DIR for a Backflow build's jars)");
        }
        for (int t : threads) {
            try {
                side.peer(t);
            } catch (BadInput e) {
                throw e;
            } catch (RuntimeException | LinkageError e) {
                throw new BadInput(option + " " + spec + " on " + t + " thread" + (t == 1 ? "" : "s") + ": "
                        + Args.firstLine(e.getMessage() == null ? e.toString() : e.getMessage()));
            }
        }
        return side;
    }

    /**
     * Points netlib-java at the installed OpenBLAS, as the runner does for the JMH forks; returns its path and the
     * kernels OpenBLAS chose. On more than one thread it needs {@link OpenBlasThreads#SPIN_TIMEOUT} set short:
     * OpenBLAS's idle threads otherwise spin after every call and take a core from the side timed next.
     */
    private static String useOpenBlas(String option, List<Integer> threads) {
        if (threads.stream().anyMatch(t -> t > 1) && System.getenv(OpenBlasThreads.SPIN_TIMEOUT) == null) {
            throw new BadInput(option + " openblas on more than one thread needs " + OpenBlasThreads.SPIN_TIMEOUT
                    + "=4 in the environment (scripts/bench.sh sets it): OpenBLAS's idle threads spin after each "
                    + "call and would take a core from the other side");
        }
        var path = Environment.openBlas();
        if (path.isEmpty()) {
            throw new BadInput(option + " openblas: OpenBLAS is not installed (Debian: apt-get install libopenblas0; "
                    + "or -Dbackflow.openblas=PATH)");
        }
        String set = System.getProperty(MatmulPeer.NATIVE_LIB_PATH);
        if (set != null && !set.equals(path.get())) {
            throw new BadInput(option + " openblas: -D" + MatmulPeer.NATIVE_LIB_PATH + "=" + set + " but OpenBLAS is "
                    + path.get());
        }
        System.setProperty(MatmulPeer.NATIVE_LIB_PATH, path.get());
        return OpenBlasThreads.describe(path.get());
    }
}
