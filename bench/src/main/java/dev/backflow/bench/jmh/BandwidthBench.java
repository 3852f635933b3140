package dev.backflow.bench.jmh;

import static jdk.incubator.vector.VectorOperators.ADD;

import dev.backflow.bench.harness.Kernel;
import dev.backflow.bench.harness.Level;
import dev.backflow.bench.harness.Sizes;
import dev.backflow.bench.harness.Verify;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The memory ceiling beside each elementwise kernel: a STREAM-style loop with the same bytes per element and
 * the same mix of reads and read-modify-writes as that kernel, at the same size, with the least arithmetic.
 * <ul>
 *   <li>r3w2 (add): a += c; b += c</li>
 *   <li>r5w2 (mul, max): a += c + d; b += c + e</li>
 *   <li>r3w1 (relu, sigmoid, copy2): a += c + d</li>
 *   <li>read (copyBias: 257 reads to one write): a sum over the same bytes</li>
 * </ul>
 * At {@code threads} = t the probe cuts its streams as the kernels cut a call (see {@link #parts}): contiguous
 * parts starting at multiples of 64 elements, each streamed by one thread, the caller and t - 1 threads of
 * the probe's own ({@link ProbeThreads}), started at setup; so it is the ceiling for a kernel on t threads.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 2, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class BandwidthBench {

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    @Param({"add", "mul", "max", "relu", "sigmoid", "copy2", "copyBias"})
    public String kernel;

    @Param({"L1", "L2", "L3", "DRAM"})
    public String size;

    /** Threads streaming at once; any count from 1 to 256 (-p threads=2). */
    @Param({"1"})
    public int threads;

    float[] a;
    float[] b;
    float[] c;
    float[] d;
    float[] e;
    int n;
    String pattern;
    int parts;
    float[] partSums;
    ProbeThreads pool;

    @Setup
    public void setup() {
        Kernel op = Kernel.fromName(kernel);
        pattern = Sizes.probePattern(op);
        n = Sizes.probeLength(op, Level.fromName(size));
        parts = parts(threads, n);
        partSums = new float[parts];
        pool = new ProbeThreads(threads, this::part);
        SplittableRandom r = new SplittableRandom(7);
        a = Verify.random(r, n);
        b = Verify.random(r, pattern.equals("read") ? 0 : n);
        c = Verify.random(r, pattern.equals("read") ? 0 : n);
        d = Verify.random(r, pattern.equals("read") ? 0 : n);
        e = Verify.random(r, pattern.equals("read") ? 0 : n);
        checkOneCall();
    }

    /**
     * One probe call against plain scalar loops over copies of the same arrays: the streams' sums agree bit
     * for bit (each lane adds in the scalar order), the read probe's total within rounding of its order.
     */
    private void checkOneCall() {
        float[] a0 = a.clone();
        float[] b0 = b.clone();
        float got = probe();
        switch (pattern) {
            case "r3w2" -> {
                for (int i = 0; i < n; i++) {
                    a0[i] += c[i];
                    b0[i] += c[i];
                }
            }
            case "r5w2" -> {
                for (int i = 0; i < n; i++) {
                    a0[i] += c[i] + d[i];
                    b0[i] += c[i] + e[i];
                }
            }
            case "r3w1" -> {
                for (int i = 0; i < n; i++) {
                    a0[i] += c[i] + d[i];
                }
            }
            default -> {
                double sum = 0;
                double abs = 0;
                for (float v : a0) {
                    sum += v;
                    abs += Math.abs(v);
                }
                if (!(Math.abs(got - sum) <= 1e-4 * abs)) {
                    throw new IllegalStateException("read probe: sum " + got + " but a plain loop gives " + sum);
                }
            }
        }
        Verify.sameBits("bandwidth probe " + pattern + " a", a0, a);
        Verify.sameBits("bandwidth probe " + pattern + " b", b0, b);
    }

    @TearDown
    public void tearDown() {
        pool.close();
    }

    /** The least elements per part: core's {@code Split.ELEMENTWISE_GRAIN}, which the kernels split by. */
    static final int GRAIN = 1 << 19;

    /** Parts start at multiples of this many elements, as the kernels' parts do. */
    static final int ALIGN = 64;

    /**
     * How many parts a probe of n elements per stream is cut into, as the kernels cut a call of n elements:
     * {@code min(threads, n / GRAIN, n / ALIGN)}, at least 1. So at sizes where a kernel stays on one thread,
     * so does its probe.
     */
    static int parts(int threads, int n) {
        return (int) Math.max(1, Math.min(Math.min(threads, n / GRAIN), n / ALIGN));
    }

    /** Where part p of parts starts: the chunks of ALIGN elements shared out evenly, in order; p = parts gives n. */
    static int start(int p, int parts, int n) {
        long chunks = ((long) n + ALIGN - 1) / ALIGN;
        return (int) Math.min(n, chunks * p / parts * ALIGN);
    }

    @Benchmark
    public float probe() {
        pool.run(parts);
        float sum = 0f;
        for (float s : partSums) {
            sum += s;
        }
        return sum;
    }

    /** One part of one call; the read probe leaves its part's sum in partSums. */
    private void part(int p) {
        int from = start(p, parts, n);
        int to = start(p + 1, parts, n);
        switch (pattern) {
            case "r3w2" -> r3w2(from, to);
            case "r5w2" -> r5w2(from, to);
            case "r3w1" -> r3w1(from, to);
            default -> partSums[p] = read(from, to);
        }
    }

    // Plain loops: C2's SuperWord vectorizes them, aligns the main loop to the stores with a pre-loop and
    // unrolls it, which moves the bytes faster at L1 and L2 than a Vector API loop does (the Vector API probe
    // this replaced was beaten by the scalar sigmoid kernel); at L3 and DRAM both reach the same bandwidth.

    private void r3w2(int from, int to) {
        float[] a = this.a, b = this.b, c = this.c;
        for (int i = from; i < to; i++) {
            a[i] += c[i];
            b[i] += c[i];
        }
    }

    private void r5w2(int from, int to) {
        float[] a = this.a, b = this.b, c = this.c, d = this.d, e = this.e;
        for (int i = from; i < to; i++) {
            a[i] += c[i] + d[i];
            b[i] += c[i] + e[i];
        }
    }

    private void r3w1(int from, int to) {
        float[] a = this.a, c = this.c, d = this.d;
        for (int i = from; i < to; i++) {
            a[i] += c[i] + d[i];
        }
    }

    /** Blocks of the read probe: each block's sum is one short call, so no vector is live across a long loop. */
    static final int READ_BLOCK = 4096;

    private float read(int from, int to) {
        float sum = 0f;
        for (int block = from; block < to; block += READ_BLOCK) {
            sum += sumBlock(a, block, Math.min(to, block + READ_BLOCK));
        }
        return sum;
    }

    private static float sumBlock(float[] a, int from, int to) {
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = s0;
        FloatVector s2 = s0;
        FloatVector s3 = s0;
        int i = from;
        int step = 4 * S.length();
        for (int bound = to - (to - from) % step; i < bound; i += step) {
            s0 = s0.add(FloatVector.fromArray(S, a, i));
            s1 = s1.add(FloatVector.fromArray(S, a, i + S.length()));
            s2 = s2.add(FloatVector.fromArray(S, a, i + 2 * S.length()));
            s3 = s3.add(FloatVector.fromArray(S, a, i + 3 * S.length()));
        }
        float sum = s0.add(s1).add(s2.add(s3)).reduceLanes(ADD);
        for (; i < to; i++) {
            sum += a[i];
        }
        return sum;
    }
}
