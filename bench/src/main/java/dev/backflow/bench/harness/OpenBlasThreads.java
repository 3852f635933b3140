package dev.backflow.bench.harness;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.Optional;

/**
 * OpenBLAS's thread count, set and read in the running JVM through OpenBLAS's own
 * {@code openblas_set_num_threads} and {@code openblas_get_num_threads}, reached with the foreign function
 * API. JMH starts every fork with the runner's environment, so {@code OPENBLAS_NUM_THREADS} is the same (1)
 * in every fork; a row's own thread count is set here at setup instead, the run-time equivalent that OpenBLAS
 * documents, which starts more of its threads when asked for more. Measured on the 2-core VM (OpenBLAS
 * 0.3.21, OPENBLAS_NUM_THREADS=1 at start, sgemm 1024³): 97-99 GFLOP/s after set(1), 198-199 after set(2),
 * alternating three times.
 *
 * <p>The library is looked up by the same path netlib-java loads, so both name one loaded copy (the dynamic
 * linker loads a file once per process). OpenBLAS may still run a small product on fewer threads than it
 * has, its own choice, as Backflow's kernels keep small calls on the calling thread.
 */
public final class OpenBlasThreads {
    private OpenBlasThreads() {}

    /**
     * OpenBLAS's environment variable for how long its idle threads spin before they sleep (2^N cycles, N 4 to
     * 30; 28 by default, about 0.1 s). Alternating with another kernel in one JVM, a spinning OpenBLAS thread
     * holds a core while the other side runs: on the 2-vCPU Zen 5 (paired, 2 threads, OpenBLAS 0.3.21)
     * Backflow's 2-thread rows ran at their 1-thread speed (A/B 0.81-0.85 at 256³ to 1024³) until this was 4
     * (A/B 1.03-1.50), and OpenBLAS's own speed did not change (1024³: 197 GFLOP/s either way).
     */
    public static final String SPIN_TIMEOUT = "OPENBLAS_THREAD_TIMEOUT";

    /** The library and the kernels it chose, as runs record it: "PATH (SkylakeX kernels)", or PATH alone. */
    public static String describe(String library) {
        return library + coreName(library).map(c -> " (" + c + " kernels)").orElse("");
    }

    /**
     * The kernels OpenBLAS chose for this CPU ({@code openblas_get_corename}: "Haswell", "SkylakeX", ...), or
     * empty where the library lacks the function. A build that does not know the CPU falls back to an older
     * core's kernels (0.3.21 runs Haswell's AVX2 kernels on a Zen 5), so a report names them.
     */
    private static Optional<String> coreName(String library) {
        try {
            SymbolLookup lib = SymbolLookup.libraryLookup(Path.of(library), Arena.global());
            var name = lib.find("openblas_get_corename");
            if (name.isEmpty()) {
                return Optional.empty();
            }
            MethodHandle get = Linker.nativeLinker().downcallHandle(name.get(),
                    FunctionDescriptor.of(ValueLayout.ADDRESS));
            var s = (MemorySegment) get.invokeExact();
            return Optional.of(s.reinterpret(64).getString(0).trim());
        } catch (VirtualMachineError e) {
            throw e; // out of memory, not a missing function
        } catch (Throwable t) {
            return Optional.empty(); // best effort: only a report's label depends on it
        }
    }

    /**
     * Sets OpenBLAS's thread count and checks, through {@code openblas_get_num_threads}, that OpenBLAS took it.
     *
     * @throws IllegalStateException if the library lacks the functions, or runs on another count afterwards
     *     (OpenBLAS caps the count at the number it was built for)
     */
    static void set(String library, int threads) {
        try {
            // The global arena never unloads the library: closing a lookup's arena may unload it with the setting.
            SymbolLookup lib = SymbolLookup.libraryLookup(Path.of(library), Arena.global());
            Linker linker = Linker.nativeLinker();
            MethodHandle set = linker.downcallHandle(find(lib, library, "openblas_set_num_threads"),
                    FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT));
            MethodHandle get = linker.downcallHandle(find(lib, library, "openblas_get_num_threads"),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT));
            set.invokeExact(threads);
            int now = (int) get.invokeExact();
            if (now != threads) {
                throw new IllegalStateException("OpenBLAS (" + library + ") was asked for " + threads
                        + " threads but runs on " + now);
            }
        } catch (IllegalStateException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("cannot set OpenBLAS's thread count through " + library + ": " + t, t);
        }
    }

    private static MemorySegment find(SymbolLookup lib, String library, String symbol) {
        return lib.find(symbol).orElseThrow(() -> new IllegalStateException(library + " has no " + symbol
                + ": not OpenBLAS, so its thread count cannot be set"));
    }
}
