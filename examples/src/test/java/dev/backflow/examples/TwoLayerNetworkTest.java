package dev.backflow.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backflow.BackwardKernels;
import dev.backflow.Kernels;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs the README's example as a user would (its main) and checks what it claims: it runs on the vector
 * kernels, Backflow's gradients match finite differences, and the loss goes down.
 */
class TwoLayerNetworkTest {

    /** Far above the float rounding of the check (about 1e-5), far below a wrong or missing gradient (above 1e-2). */
    static final double GRADIENT_TOLERANCE = 1e-4;

    static List<String> runMain() {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            TwoLayerNetwork.main(new String[0]);
        } finally {
            System.setOut(original);
        }
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void mainRunsOnTheVectorKernelsMatchesFiniteDifferencesAndLearns() {
        List<String> lines = runMain();
        assertEquals("kernels: vector", lines.get(0),
                "the build runs the example with --add-modules jdk.incubator.vector");
        String check = lines.get(1);
        assertTrue(check.startsWith("gradient check: largest |backward - finite difference| = "), check);
        double difference = Double.parseDouble(check.substring(check.lastIndexOf(' ') + 1));
        assertTrue(difference < GRADIENT_TOLERANCE, check);

        List<Double> losses = new ArrayList<>();
        for (String line : lines.subList(2, lines.size())) {
            assertTrue(line.matches("step +\\d+: loss \\d+\\.\\d{5}"), line);
            losses.add(Double.parseDouble(line.substring(line.indexOf("loss ") + 5)));
        }
        assertEquals(6, losses.size(), lines.toString());
        for (int i = 1; i < losses.size(); i++) {
            assertTrue(losses.get(i) < losses.get(i - 1), "the loss must go down: " + losses);
        }
        assertTrue(losses.getLast() < losses.getFirst() / 4, "the loss must fall well: " + losses);
    }

    @Test
    void bothImplementationsGiveGradientsThatMatchFiniteDifferences() {
        float[] x = TwoLayerNetwork.values(TwoLayerNetwork.BATCH * TwoLayerNetwork.IN, 5, 1f);
        float[] target = TwoLayerNetwork.values(TwoLayerNetwork.BATCH * TwoLayerNetwork.OUT, 6, 0.5f);
        for (BackwardKernels k : List.of(Kernels.named("vector"), Kernels.scalar())) {
            double difference = new TwoLayerNetwork().gradientCheck(k, x, target);
            assertTrue(difference < GRADIENT_TOLERANCE, k.name() + ": " + difference);
        }
    }
}
