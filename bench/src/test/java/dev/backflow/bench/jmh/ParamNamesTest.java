package dev.backflow.bench.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backflow.bench.harness.Kernel;
import dev.backflow.bench.harness.Level;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Param;

/** The suites' kernel and size parameters list exactly the elementwise kernels and the levels, in their order. */
class ParamNamesTest {

    static List<String> param(Class<?> suite, String field) throws NoSuchFieldException {
        return List.of(suite.getField(field).getAnnotation(Param.class).value());
    }

    @Test
    void suitesNameTheEnums() throws NoSuchFieldException {
        List<String> kernels = Kernel.ELEMENTWISE.stream().map(Kernel::id).toList();
        List<String> levels = Stream.of(Level.values()).map(Level::id).toList();
        for (Class<?> suite : List.of(ElementwiseBase.class, BandwidthBench.class)) {
            assertEquals(kernels, param(suite, "kernel"), suite.getSimpleName());
            assertEquals(levels, param(suite, "size"), suite.getSimpleName());
        }
    }
}
