package dev.backflow.bench.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backflow.bench.harness.BadInput;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gate's rows, its warm-up rule and the --cand-extra test device. */
class GateDeviceTest {

    @Test
    void theRowsAreTheCiProfiles() {
        List<String> ids = GateRow.ci().stream().map(GateRow::id).toList();
        assertEquals(List.of("add", "mul", "max", "relu", "sigmoid", "copy2", "copyBias", "matmul:64",
                "matmul:256", "matmul:64x784x256", "matmul:1x784x256"), ids);
        assertEquals("fma", new GateRow("matmul:64").bound());
        assertEquals("bandwidth", new GateRow("relu").bound());
        assertTrue(new GateRow("matmul:256").named("matmul"));
        assertFalse(new GateRow("relu").named("matmul"));
        assertTrue(new GateRow("relu").named("relu"));
    }

    /** Several targets slow several rows in one run, each by its own percentage; other rows not at all. */
    @Test
    void severalTargetsEachSlowTheirRows() {
        GatePlan.Extra both = GatePlan.Extra.parse("matmul=10,relu=20");
        assertEquals(10, both.pct(new GateRow("matmul:256")));
        assertEquals(20, both.pct(new GateRow("relu")));
        assertEquals(0, both.pct(new GateRow("add")));
        assertEquals("matmul=10,relu=20", both.spec());
        assertFalse(both.none());
        assertTrue(GatePlan.Extra.parse("none=0").none());
        BadInput twice = org.junit.jupiter.api.Assertions.assertThrows(BadInput.class,
                () -> GatePlan.Extra.parse("relu=10,relu=20"));
        assertEquals("--cand-extra: 'relu' is given twice", twice.getMessage());
    }

    @Test
    void theExtraWorkIsThePercentageEvenlySpread() {
        for (int pct : new int[] {0, 10, 20, 150}) {
            GateExtra e = new GateExtra(pct);
            int extra = 0;
            int most = 0;
            for (int i = 0; i < 1000; i++) {
                int k = e.next();
                extra += k;
                most = Math.max(most, k);
            }
            assertEquals(10 * pct, extra, "pct " + pct);
            assertEquals(pct == 0 ? 0 : (pct + 99) / 100, most, "pct " + pct);
        }
        GateExtra ten = new GateExtra(10);
        List<Integer> at = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            if (ten.next() > 0) {
                at.add(i);
            }
        }
        assertEquals(List.of(10, 20, 30), at);
    }

    @Test
    void warmUpEndsWhenTheIterationsStopFalling() {
        assertFalse(GateWarmup.settled(List.of(5.0, 4.0, 4.0, 4.0)), "too few");
        assertFalse(GateWarmup.settled(List.of(4.0, 4.0, 4.0, 4.0)), "flat, but too few");
        assertTrue(GateWarmup.settled(List.of(9.0, 4.0, 4.0, 4.0, 4.0)));
        assertTrue(GateWarmup.settled(List.of(9.0, 4.0, 4.1, 3.95, 4.2)), "within the margin");
        assertFalse(GateWarmup.settled(List.of(9.0, 8.0, 7.0, 6.0, 5.0)), "still falling");
        assertFalse(GateWarmup.settled(List.of(9.0, 4.0, 4.0, 4.0, 3.0)), "a new record in the last three");
        assertTrue(GateWarmup.settled(List.of(9.0, 4.0, 4.0, 4.0, 3.0, 3.1, 3.0, 3.2)));
    }
}
