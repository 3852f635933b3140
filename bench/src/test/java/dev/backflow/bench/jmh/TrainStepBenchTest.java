package dev.backflow.bench.jmh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The training step the benchmark measures is one: the loss falls as it repeats, and a restart is a restart. */
class TrainStepBenchTest {

    @Test
    void setupPassesAndTheStepTrains() {
        for (int batch : new int[] {32, 128}) {
            TrainStepBench bench = new TrainStepBench();
            bench.impl = "vector";
            bench.batch = batch;
            bench.setup();
            TrainStepBench.Step step = bench.step;
            double first = step.run(0), last = first;
            for (int i = 0; i < 200; i++) {
                last = step.run(0);
            }
            assertTrue(last < 0.9 * first, "batch " + batch + ": loss " + first + " then " + last);
            step.restart();
            assertEquals(first, step.run(0), "a restart goes back to the initial weights");
        }
    }

    @Test
    void theBenchmarkRestartsEveryThousandSteps() {
        TrainStepBench bench = new TrainStepBench();
        bench.impl = "vector";
        bench.batch = 32;
        bench.setup();
        for (int i = 1; i < TrainStepBench.RESTART; i++) {
            bench.trainStep();
        }
        bench.trainStep(); // the RESTART-th call restarts, then steps once on batch 0
        TrainStepBench.Step fresh = new TrainStepBench.Step(bench.step.kernels, 32);
        fresh.run(0);
        for (int q = 0; q < fresh.params.length; q++) {
            assertArrayEquals(fresh.params[q], bench.step.params[q]);
        }
    }
}
