package dev.backflow.bench.jmh;

import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * matmulBackward as a whole (both products), Backflow beside its peers, at square and MLP layer shapes, batch 1 and
 * 16 included.
 */
@State(Scope.Thread)
// Native access: netlib-java loads OpenBLAS through JNI, and the fork sets OpenBLAS's thread count through
// the foreign function API (OpenBlasThreads); without the flag the JDK warns at each.
@Fork(value = 2, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class MatmulBench extends MatmulBase {

    @Param({"scalar", "vector", "ejml", "netlib-vector", "openblas"})
    public String impl;

    @Param({"64", "128", "256", "512", "1024", "64x784x256", "512x1024x1024", "1x784x256", "16x1024x1024"})
    public String shape;

    // JMH reads each suite's own @Param fields (the lists differ), so each suite hands them to the base like this
    @Override
    String impl() {
        return impl;
    }

    @Override
    String shape() {
        return shape;
    }

    @Override
    String product() {
        return "both";
    }
}
