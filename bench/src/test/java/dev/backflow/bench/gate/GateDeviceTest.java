package dev.backflow.bench.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backflow.bench.harness.BadInput;
import dev.backflow.bench.harness.Kernel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gate's rows, its warm-up rule and the --cand-extra test device. */
class GateDeviceTest {

    @Test
    void rowsRoundTripThroughTheirNames() {
        for (GateRow r : GateRow.ci()) {
            assertEquals(r, GateRow.fromName(r.id()));
        }
        assertEquals(new GateRow(Kernel.MATMUL, "64x784x256"), GateRow.fromName("matmul:64x784x256"));
        assertEquals(new GateRow(Kernel.COPY_BIAS, null), GateRow.fromName("copyBias"));
        assertEquals("row: unknown row 'matmul' (add, mul, max, relu, sigmoid, copy2, copyBias, or matmul:SHAPE such "
                + "as matmul:64x784x256)", assertThrows(BadInput.class, () -> GateRow.fromName("matmul")).getMessage());
    }

    @Test
    void theRowsAreTheCiProfiles() {
        List<String> ids = GateRow.ci().stream().map(GateRow::id).toList();
        assertEquals(List.of("add", "mul", "max", "relu", "sigmoid", "copy2", "copyBias", "matmul:64",
                "matmul:256", "matmul:64x784x256", "matmul:1x784x256"), ids);
        assertEquals("fma", GateRow.fromName("matmul:64").bound());
        assertEquals("bandwidth", GateRow.fromName("relu").bound());
        assertTrue(GateRow.fromName("matmul:256").named("matmul"));
        assertFalse(GateRow.fromName("relu").named("matmul"));
        assertTrue(GateRow.fromName("relu").named("relu"));
    }

    /** Several targets slow several rows in one run, each by its own percentage; other rows not at all. */
    @Test
    void severalTargetsEachSlowTheirRows() {
        GatePlan.Extra both = GatePlan.Extra.parse("matmul=10,relu=20");
        assertEquals(10, both.pct(GateRow.fromName("matmul:256")));
        assertEquals(20, both.pct(GateRow.fromName("relu")));
        assertEquals(0, both.pct(GateRow.fromName("add")));
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
