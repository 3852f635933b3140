package dev.backflow.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;

/** The report's arithmetic and its charts, on results made up for it. */
class ReportTest {

    static Result row(String bench, double nanos, String... params) {
        Map<String, String> p = new java.util.TreeMap<>();
        for (int i = 0; i < params.length; i += 2) {
            p.put(params[i], params[i + 1]);
        }
        return new Result("dev.backflow.bench." + bench, p, "avgt", nanos, nanos / 100, "ns/op");
    }

    static Map<String, Object> env() {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("cpu", "Test CPU");
        env.put("cores", 2.0);
        env.put("jdk", "JDK 25");
        env.put("vectorBits", 512.0);
        env.put("notes", List.of("OpenBLAS rows skipped: none installed"));
        return env;
    }

    @Test
    void throughputsRatiosAndCeilingsAreDerivedFromTimesAndWork() {
        long bytes = Sizes.bytes("add", "L2");
        List<Result> rs = new ArrayList<>();
        rs.add(row("ElementwiseBench.backward", bytes / 10.0, "impl", "vector", "kernel", "add", "size", "L2")); // 10 GB/s
        rs.add(row("ElementwiseBench.backward", bytes / 5.0, "impl", "scalar", "kernel", "add", "size", "L2"));  // 5 GB/s
        rs.add(row("BandwidthBench.probe", Sizes.probeBytes("add", "L2") / 20.0, "kernel", "add", "size", "L2")); // 20 GB/s
        rs.add(row("FmaPeakBench.preferred", 32 / 200.0)); // 16 lanes * 2 flops per op: 200 GFLOP/s
        long flops = Report.flops("256", "both");
        rs.add(row("MatmulBench.backward", flops / 100.0, "impl", "vector", "shape", "256"));   // 100 GFLOP/s
        rs.add(row("MatmulBench.backward", flops / 50.0, "impl", "netlib-vector", "shape", "256"));
        Map<String, String> charts = new LinkedHashMap<>();
        String md = Report.build(rs, env(), charts);
        assertTrue(md.contains("| L2 | " + Sizes.n("add", "L2") + " | " + Report.bytesLabel(bytes)
                + " | – | 5.0 ± 0.1 | 10.0 ± 0.1 | 20.0 ± 0.2 | 2.00× | 0.50× |"), md);
        assertTrue(md.contains("| 512-bit (preferred) | 200.0 ± 2.0 |"), md);
        assertTrue(md.contains("| 256×256×256 | 100.0 ± 1.0 | 50.0 ± 0.5 | – | – | 2.00× | – | 50% |"), md);
        assertTrue(md.contains("Note: OpenBLAS rows skipped"), md);
        assertEquals(List.of("elementwise-add.svg", "matmul.svg"), List.copyOf(charts.keySet()));
    }

    @Test
    void chartsAreWellFormedAndLabelled() throws Exception {
        List<Result> rs = List.of(
                row("ElementwiseBench.backward", 1000, "impl", "vector", "kernel", "relu", "size", "L1"),
                row("ElementwiseBench.backward", 9000, "impl", "vector", "kernel", "relu", "size", "DRAM"),
                row("BandwidthBench.probe", 900, "kernel", "relu", "size", "L1"));
        Map<String, String> charts = new LinkedHashMap<>();
        Report.build(rs, env(), charts);
        String svg = charts.get("elementwise-relu.svg");
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertEquals("svg", doc.getDocumentElement().getTagName());
        assertTrue(svg.contains("reluBackward: throughput against working-set size"), "title");
        assertTrue(svg.contains("throughput (GB/s)") && svg.contains("working set"), "axes with units");
        assertTrue(svg.contains("Backflow vector") && svg.contains("ceiling (bandwidth probe)"), "legend");
        assertTrue(svg.contains("Test CPU, 2 cores; JDK 25"), "caption");
    }
}
