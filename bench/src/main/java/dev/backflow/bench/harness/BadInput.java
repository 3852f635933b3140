package dev.backflow.bench.harness;

/**
 * An input the tool cannot use: a missing or malformed file, a row that breaks JMH's format, an unknown
 * suite, profile, parameter or profiler. The command line prints its message, one line that names the
 * problem, and exits with status 2; nothing is written.
 */
public final class BadInput extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BadInput(String message) {
        super(message);
    }
}
