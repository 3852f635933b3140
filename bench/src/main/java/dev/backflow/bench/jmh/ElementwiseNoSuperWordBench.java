package dev.backflow.bench.jmh;

import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The scalar kernels with C2's auto-vectorizer off: beside {@link ElementwiseBench} it shows what SuperWord
 * already does for the plain loops, and what the hand-written vector form adds beyond it.
 */
@State(Scope.Thread)
@Fork(value = 2, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:-UseSuperWord"})
public class ElementwiseNoSuperWordBench extends ElementwiseBase {

    @Param({"scalar-nosw"})
    public String impl;

    @Override
    String impl() {
        return impl;
    }
}
