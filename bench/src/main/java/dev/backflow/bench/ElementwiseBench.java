package dev.backflow.bench;

import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** The elementwise kernels, scalar (with C2's auto-vectorizer) and vector. */
@State(Scope.Thread)
@Fork(value = 2, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class ElementwiseBench extends ElementwiseBase {

    @Param({"scalar", "vector"})
    public String impl;

    @Override
    String impl() {
        return impl;
    }
}
