package dev.backflow.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class UnitsTest {

    @Test
    void timesReadAsPeopleWriteThem() {
        assertEquals("234.3 µs/op", Units.time(Units.nanosPerOp(2.343e5, "ns/op")));
        assertEquals("1.25 ms/op", Units.time(Units.nanosPerOp(1250, "us/op")));
        assertEquals("0.146 ns/op", Units.time(0.146));
        assertEquals("1 µs/op", Units.time(1000));
        assertEquals("12.35 s/op", Units.time(12.3456e9));
        assertEquals("4000 s/op", Units.time(4e12));
    }

    @Test
    void throughputsBecomeTimes() {
        assertEquals(500, Units.nanosPerOp(2, "ops/us"), 1e-9);
        assertEquals(1e9 / 4, Units.nanosPerOp(4, "ops/s"), 1e-3);
        assertEquals(false, Units.known("bytes"));
    }

    @Test
    void changesAreSignedPercentages() {
        assertEquals("+20.0%", Units.change(1.2));
        assertEquals("−12.5%", Units.change(0.875));
    }
}
