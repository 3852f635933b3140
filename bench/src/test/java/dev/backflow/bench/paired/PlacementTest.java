package dev.backflow.bench.paired;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Where a paired row's operands lie: at index 0, or moved to a drawn even offset before every round. */
class PlacementTest {

    private static float[][] start() {
        return new float[][] {{1, 2, 3}, {4, 5}, {6, 7, 8, 9}};
    }

    @Test
    void aZeroPlacementSharesTheInputsCopiesTheOutputsAndNeverMoves() {
        float[][] start = start();
        Placement p = Placement.zero(start, 2);
        p.draw(new SplittableRandom(1));
        for (int side = 0; side < 2; side++) {
            assertSame(start[0], p.array(side, 0));
            assertSame(start[1], p.array(side, 1));
            assertNotSame(start[2], p.array(side, 2));
            assertArrayEquals(start[2], p.array(side, 2));
        }
        assertNotSame(p.array(0, 2), p.array(1, 2));
        for (int i = 0; i < 3; i++) {
            assertEquals(0, p.offset(i));
        }
    }

    /**
     * Every even offset from 0 to 14 comes up, in a new array every draw; the values move with it (outputs keep what
     * was added), NaN around.
     */
    @Test
    void aSweptPlacementMovesEveryOperandThroughEveryEvenOffset() {
        float[][] start = start();
        Placement p = Placement.swept(start, 2);
        SplittableRandom r = new SplittableRandom(3);
        @SuppressWarnings("unchecked")
        Set<Integer>[] seen = new Set[] {new TreeSet<>(), new TreeSet<>(), new TreeSet<>()};
        float added = 0;
        for (int draw = 0; draw < 200; draw++) {
            float[][] before = {p.array(0, 0), p.array(0, 1), p.array(0, 2)};
            p.draw(r);
            for (int i = 0; i < 3; i++) {
                assertNotSame(before[i], p.array(0, i), "operand " + i + ": a new array every draw");
                int off = p.offset(i);
                seen[i].add(off);
                for (int side = 0; side < 2; side++) {
                    float[] a = p.array(side, i);
                    assertEquals(start[i].length + Placement.MAX_OFFSET, a.length);
                    for (int j = 0; j < a.length; j++) {
                        boolean inside = j >= off && j < off + start[i].length;
                        float want = inside ? start[i][j - off] + (i == 2 && j == off ? added : 0) : Float.NaN;
                        assertEquals(want, a[j], "operand " + i + " side " + side + " index " + j);
                    }
                }
            }
            p.array(0, 2)[p.offset(2)] += 1; // as a call accumulates into an output
            added += 1;
        }
        Set<Integer> even = new TreeSet<>(Arrays.asList(0, 2, 4, 6, 8, 10, 12, 14));
        for (int i = 0; i < 3; i++) {
            assertEquals(even, seen[i], "operand " + i);
        }
        assertSame(p.array(0, 0), p.array(1, 0)); // inputs and outputs shared by both sides
        assertSame(p.array(0, 2), p.array(1, 2));
    }

    @Test
    void aWriteOutsideTheOperandIsCaught() {
        Placement p = Placement.swept(start(), 2);
        p.draw(new SplittableRandom(5));
        Placement.Fresh fresh = p.fresh(start());
        int at = fresh.offsets()[2];
        assertEquals(p.offset(2) + Placement.GUARD, at);
        assertArrayEquals(start()[2], p.values("ok", fresh, 2));
        for (int stray : new int[] {at - 1, at + start()[2].length}) { // either side, whatever the offset
            fresh.arrays()[2][stray] = 0;
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.values("stray", fresh, 2));
            assertTrue(e.getMessage().startsWith("stray: wrote index " + stray), e.getMessage());
            fresh.arrays()[2][stray] = Float.NaN;
        }
    }
}
