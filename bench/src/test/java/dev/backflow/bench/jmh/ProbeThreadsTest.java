package dev.backflow.bench.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The bandwidth probe's threads: every part once per call, each on its own thread, failures to the caller. */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ProbeThreadsTest {

    @Test
    void eachCallRunsEveryPartOnceEachOnItsOwnThread() {
        AtomicIntegerArray runs = new AtomicIntegerArray(4);
        Set<String> threads = ConcurrentHashMap.newKeySet();
        try (ProbeThreads pool = new ProbeThreads(4, p -> {
            runs.incrementAndGet(p);
            threads.add(Thread.currentThread().getName() + " " + p);
        })) {
            for (int call = 1; call <= 50; call++) {
                pool.run(4);
                for (int p = 0; p < 4; p++) {
                    assertEquals(call, runs.get(p), "part " + p + " after call " + call);
                }
            }
            pool.run(2);
            assertEquals(51, runs.get(1));
            assertEquals(50, runs.get(2), "a call of 2 parts leaves the other threads idle");
        }
        assertEquals(Set.of(Thread.currentThread().getName() + " 0", "bandwidth-probe-1 1", "bandwidth-probe-2 2",
                "bandwidth-probe-3 3"), threads);
    }

    @Test
    void aPartsFailureReachesTheCallerAndThePoolGoesOn() {
        boolean[] fail = {true};
        try (ProbeThreads pool = new ProbeThreads(2, p -> {
            if (p == 1 && fail[0]) {
                throw new ArithmeticException("part 1");
            }
        })) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.run(2));
            assertTrue(e.getCause() instanceof ArithmeticException, e.toString());
            fail[0] = false;
            pool.run(2);
        }
    }

    @Test
    void closeStopsTheWorkers() {
        ProbeThreads pool = new ProbeThreads(3, p -> { });
        pool.run(3);
        pool.close();
        assertFalse(Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().startsWith("bandwidth-probe-") && t.isAlive()), "workers left running");
        assertThrows(IllegalArgumentException.class, () -> new ProbeThreads(0, p -> { }));
    }
}
