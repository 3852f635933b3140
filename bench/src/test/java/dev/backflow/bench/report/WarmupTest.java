package dev.backflow.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which rows the report flags as still warming up, from their per-iteration times. */
class WarmupTest {

    static Optional<String> check(double[]... forks) {
        return Warmup.check(new Result("a.B.c", Map.of(), "avgt", 1, 0, "us/op", List.of(forks)));
    }

    @Test
    void aSlowFirstIterationIsFlagged() {
        // the case: C2 had not finished before the first measured iteration
        Optional<String> why = check(new double[] {10760, 310, 304});
        assertTrue(why.isPresent());
        assertTrue(why.get().startsWith("fork 1's first iteration took 35.05× the median of the rest"), why.get());
        assertTrue(check(new double[] {300, 302, 299}, new double[] {345, 301, 300}).isPresent(), "any fork");
    }

    @Test
    void aSteadyDeclineIsFlagged() {
        double[] f1 = {110, 108.5, 106, 105.2, 103, 101.5, 100.2, 99};
        double[] f2 = {111, 109, 107.5, 105, 104, 102, 100.5, 99.5};
        Optional<String> why = check(f1, f2);
        assertTrue(why.isPresent());
        assertTrue(why.get().startsWith("its iterations fell 10% from first to last"), why.get());
    }

    @Test
    void noiseAndARiseAreNotFlagged() {
        assertEquals(Optional.empty(), check(new double[] {300, 306, 297, 303}, new double[] {310, 301, 305, 299}));
        assertEquals(Optional.empty(), check(new double[] {100, 102, 104, 106, 108}));
        assertEquals(Optional.empty(), check(new double[] {303, 300, 302}), "a first iteration 1% slow is noise");
        assertEquals(Optional.empty(), check(new double[] {300}, new double[] {250}), "one iteration shows no trend");
    }

    @Test
    void onANoisyMachineOnlyAFirstIterationThatStandsOutIsFlagged() {
        // the rest spread ±20%: a first iteration 21% over their median is within that noise
        assertEquals(Optional.empty(), check(new double[] {380, 300, 360, 250, 330}));
        assertTrue(check(new double[] {900, 300, 360, 250, 330}).isPresent());
    }

    @Test
    void aSmallButSteadyDriftIsNotFlagged() {
        // significant, but 2% over the fork: below the 5% that matters
        assertEquals(Optional.empty(), check(new double[] {102, 101.7, 101.4, 101.1, 100.9, 100.6, 100.3, 100}));
    }
}
