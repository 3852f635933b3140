package dev.backflow.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** How the dot route splits W's rows between its six-row kernel and its groups: the fewest rows left over. */
class DotBlocksTest {

    @Test
    void sixRowBlocksLeaveNoMoreRowsOverThanGroupsAlone() {
        for (int group : new int[] {2, 4, 8}) {
            for (int rows = 0; rows <= 1000; rows++) {
                int sixes = SmallMatmul.sixes(rows, group);
                int rest = rows - 6 * sixes;
                assertTrue(sixes >= 0 && rest >= 0, rows + " rows");
                int over = rest % group;
                assertTrue(over <= rows % group, rows + " rows, groups of " + group + ": " + over + " over");
                if (group == 4) { // with sixes and fours, every even count from 4 up, and an odd one but one row
                    assertEquals(rows < 4 ? rows % 4 : rows % 2, over, rows + " rows");
                }
            }
        }
        assertEquals(20, SmallMatmul.sixes(128, 4)); // 120 + 8, not 126 + 2 rows over
        assertEquals(42, SmallMatmul.sixes(256, 4)); // 252 + 4
        assertEquals(130, SmallMatmul.sixes(784, 4)); // 780 + 4
        assertEquals(1, SmallMatmul.sixes(7, 4)); // 6 + 1, where groups alone leave 3
    }
}
