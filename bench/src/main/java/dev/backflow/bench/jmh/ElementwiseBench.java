package dev.backflow.bench.jmh;

import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** The elementwise kernels, scalar (with C2's auto-vectorizer) and vector, on one thread or more. */
@State(Scope.Thread)
@Fork(value = 2, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class ElementwiseBench extends ElementwiseBase {

    @Param({"scalar", "vector"})
    public String impl;

    /** Any count from 1 to 256 (-p threads=2): the kernels of {@code Kernels.parallel(impl, threads)}. */
    @Param({"1"})
    public int threads;

    @Override
    String impl() {
        return impl;
    }

    @Override
    int threads() {
        return threads;
    }
}
