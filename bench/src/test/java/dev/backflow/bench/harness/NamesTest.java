package dev.backflow.bench.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Kernel and level names: what the command line, JMH's parameters and result files spell, both ways. */
class NamesTest {

    @Test
    void kernelsRoundTrip() {
        for (Kernel k : Kernel.values()) {
            assertEquals(k, Kernel.fromName(k.id()));
            assertEquals(k.id(), k.toString());
        }
        assertEquals(List.of("add", "mul", "max", "relu", "sigmoid", "copy2", "copyBias"),
                Kernel.ELEMENTWISE.stream().map(Kernel::id).toList());
        assertFalse(Kernel.MATMUL.elementwise());
        assertEquals(Set.of(Kernel.values()).size(), Stream.of(Kernel.values()).map(Kernel::id).distinct().count());
    }

    @Test
    void levelsRoundTrip() {
        for (Level l : Level.values()) {
            assertEquals(l, Level.fromName(l.id()));
        }
        assertEquals(List.of("L1", "L2", "L3", "DRAM"), Stream.of(Level.values()).map(Level::id).toList());
    }

    @Test
    void unknownNamesSayWhatIsKnown() {
        assertEquals("unknown kernel 'Add' (add, mul, max, relu, sigmoid, copy2, copyBias, matmul)",
                assertThrows(BadInput.class, () -> Kernel.fromName("Add")).getMessage());
        assertEquals("unknown level 'l2' (L1, L2, L3, DRAM)",
                assertThrows(BadInput.class, () -> Level.fromName("l2")).getMessage());
    }
}
