package dev.backflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backflow.Kernels.Registry;
import dev.backflow.spi.CheckedBackwardKernels;
import dev.backflow.spi.KernelProvider;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code Kernels.parallel}: which instance each form returns, its name and thread count, and bad counts. */
class ParallelKernelsTest {

    static int threads(BackwardKernels k) {
        return ((CheckedBackwardKernels) k).threads();
    }

    @Test
    void oneThreadIsExactlyTheSingleThreadedImplementation() {
        assertSame(Kernels.best(), Kernels.parallel(1));
        assertSame(Kernels.named("scalar"), Kernels.parallel("scalar", 1));
        assertEquals(1, threads(Kernels.scalar()));
    }

    @Test
    void moreThreadsKeepTheNameAndSayTheCount() {
        BackwardKernels k = Kernels.parallel("scalar", 4);
        assertEquals("scalar", k.name());
        assertEquals(4, threads(k));
        assertEquals("ScalarKernels[scalar, 4 threads]", k.toString());
        assertEquals("ScalarKernels[scalar, 1 thread]", Kernels.scalar().toString());
        assertSame(k, Kernels.parallel("scalar", 4), "one instance per name and thread count");
        assertSame(Kernels.parallel(Kernels.best().name(), 3), Kernels.parallel(3));
        assertEquals(Kernels.MAX_THREADS, threads(Kernels.parallel("scalar", Kernels.MAX_THREADS)));
    }

    @Test
    void badCountsAndNamesAreRejected() {
        for (int bad : new int[] {0, -1, Kernels.MAX_THREADS + 1, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Kernels.parallel(bad));
            assertTrue(e.getMessage().contains("threads = " + bad) && e.getMessage().contains("256"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Kernels.parallel("scalar", bad));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Kernels.parallel("nope", 2));
        assertTrue(e.getMessage().contains("available here: scalar"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Kernels.parallel(null, 2));
    }

    @Test
    void theThreadsPropertySetsTheDefaultAndABadValueNamesIt() {
        String before = System.getProperty(Kernels.THREADS_PROPERTY);
        try {
            System.clearProperty(Kernels.THREADS_PROPERTY);
            assertEquals(Math.min(Runtime.getRuntime().availableProcessors(), Kernels.MAX_THREADS),
                    threads(Kernels.parallel()));
            System.setProperty(Kernels.THREADS_PROPERTY, "3");
            assertEquals(3, threads(Kernels.parallel()));
            System.setProperty(Kernels.THREADS_PROPERTY, " 1 ");
            assertSame(Kernels.best(), Kernels.parallel());
            for (String bad : new String[] {"", "two", "0", "-4", "257", "1.5", "99999999999"}) {
                System.setProperty(Kernels.THREADS_PROPERTY, bad);
                IllegalStateException e = assertThrows(IllegalStateException.class, Kernels::parallel, bad);
                assertTrue(e.getMessage().contains("-Dbackflow.threads=" + bad + " "), e.getMessage());
            }
        } finally {
            if (before == null) {
                System.clearProperty(Kernels.THREADS_PROPERTY);
            } else {
                System.setProperty(Kernels.THREADS_PROPERTY, before);
            }
        }
    }

    /** A provider whose multi-threaded kernels cannot be made. */
    record OneThreadOnly(String name) implements KernelProvider {
        @Override
        public int priority() {
            return 1;
        }

        @Override
        public Optional<String> unusableReason() {
            return Optional.empty();
        }

        @Override
        public String describe() {
            return "one thread only";
        }

        @Override
        public BackwardKernels create(int threads) {
            if (threads > 1) {
                throw new UnsupportedOperationException("no threads here");
            }
            return Kernels.scalar();
        }
    }

    @Test
    void aProviderThatCannotMakeThreadedKernelsFailsWithItsReason() {
        Registry r = new Registry(List.of(Registry.evaluate(new OneThreadOnly("solo"))));
        assertSame(Kernels.scalar(), r.parallel("solo", 1));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> r.parallel("solo", 2));
        assertTrue(e.getMessage().contains("no threads here") && e.getMessage().contains("'solo'"), e.getMessage());
    }
}
