package dev.backflow.simd;

/** A child JVM's main that writes {@code args[0]} bytes to stderr, then one line to stdout. */
public final class NoisyChild {
    private NoisyChild() {}

    public static void main(String[] args) {
        int bytes = Integer.parseInt(args[0]);
        byte[] line = "noise noise noise noise noise noise noise noise noise noise noise noise noise\n".getBytes();
        for (int written = 0; written < bytes; written += line.length) {
            System.err.write(line, 0, Math.min(line.length, bytes - written));
        }
        System.err.flush();
        System.out.println("done");
    }
}
