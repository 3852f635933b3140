package dev.backflow.bench;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backflow.bench.harness.BadInput;
import dev.backflow.bench.jmh.Profile;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.TimeValue;

/** JMH's command line over the profile's settings: what an explicit option changes, and what it leaves. */
class RunPlanTest {

    @Test
    void explicitJmhOptionsWinAndTheProfileFillsTheRest() throws Exception {
        RunPlan plan = RunPlan.parse(List.of("MatmulBench", "-p", "shape=64", "-f", "1", "-prof", "gc"));
        assertEquals(1, plan.suites().size(), "the regex selects one suite");
        RunPlan.SuitePlan s = plan.suites().get(0);
        assertEquals("MatmulBench", s.benchmarkClass());
        Options o = s.options().build();
        Profile quick = Profile.named("quick");
        assertEquals(1, o.getForkCount().get());
        assertEquals(List.of("64"), List.copyOf(o.getParameter("shape").get()));
        assertEquals("gc", o.getProfilers().get(0).getKlass());
        assertEquals(quick.warmups(), o.getWarmupIterations().get());
        assertEquals(TimeValue.milliseconds(quick.warmupMillis()), o.getWarmupTime().get());
        assertEquals(quick.iterations(), o.getMeasurementIterations().get());
        assertEquals(true, o.shouldFailOnError().get());
        int impls = o.getParameter("impl").hasValue() ? o.getParameter("impl").get().size() : 5;
        assertEquals(impls, s.benchmarks(), "one shape for each implementation");
    }

    @Test
    void withoutOptionsTheProfileDecides() throws Exception {
        RunPlan plan = RunPlan.parse(List.of("--profile", "ci"));
        Profile ci = Profile.named("ci");
        assertEquals(ci.suites().size(), plan.suites().size());
        for (RunPlan.SuitePlan s : plan.suites()) {
            Options o = s.options().build();
            assertEquals(ci.forks(), o.getForkCount().get());
            assertEquals(ci.iterations(), o.getMeasurementIterations().get());
        }
        Options elementwise = plan.suites().get(0).options().build();
        assertEquals(List.of("L2"), List.copyOf(elementwise.getParameter("size").get()));
        assertEquals(List.of("vector"), List.copyOf(elementwise.getParameter("impl").get()));
        assertEquals(7 + 4, plan.suites().stream().mapToInt(RunPlan.SuitePlan::benchmarks).sum(), "the gate's rows");
    }

    @Test
    void theScalingProfileMeasuresEachRowOnOneAndTwoThreads() throws Exception {
        RunPlan plan = RunPlan.parse(List.of("--profile", "scaling"));
        assertEquals(List.of("ElementwiseBench", "BandwidthBench", "FmaPeakBench", "MatmulBench"),
                plan.suites().stream().map(RunPlan.SuitePlan::benchmarkClass).toList());
        for (RunPlan.SuitePlan s : plan.suites()) {
            Options o = s.options().build();
            if (!s.benchmarkClass().equals("FmaPeakBench")) {
                assertEquals(List.of("1", "2"), List.copyOf(o.getParameter("threads").get()), s.benchmarkClass());
            }
        }
        Options matmul = plan.suites().get(3).options().build();
        assertEquals(List.of("1024", "512x1024x1024", "256x784x1024"), List.copyOf(matmul.getParameter("shape").get()));
        Options elementwise = plan.suites().get(0).options().build();
        assertEquals(List.of("DRAM"), List.copyOf(elementwise.getParameter("size").get()));
        assertEquals(List.of("vector"), List.copyOf(elementwise.getParameter("impl").get()));
        Options other = RunPlan.parse(List.of("--profile", "scaling", "-p", "threads=1,4,16")).suites().get(0)
                .options().build();
        assertEquals(List.of("1", "4", "16"), List.copyOf(other.getParameter("threads").get()), "-p threads wins");
    }

    @Test
    void threadCountsOutsideOneTo256AndOneThreadPeersOnMoreAreBadInput() {
        for (String bad : List.of("threads=0", "threads=257", "threads=two", "threads=-1")) {
            BadInput e = assertThrows(BadInput.class, () -> RunPlan.parse(List.of("--profile", "scaling", "-p", bad)));
            assertTrue(e.getMessage().contains("for parameter threads") && e.getMessage().contains("from 1 to 256"),
                    e.getMessage());
        }
        BadInput e = assertThrows(BadInput.class, () -> RunPlan.parse(List.of("MatmulBench", "-p", "threads=1,2")));
        assertTrue(e.getMessage().startsWith("MatmulBench: ejml and netlib-vector run on one thread only, not 2"),
                e.getMessage());
        RunPlan ok = assertDoesNotThrow(
                () -> RunPlan.parse(List.of("MatmulBench", "-p", "threads=1,2", "-p", "impl=vector,scalar")));
        assertEquals(2 * 2 * 3, ok.suites().get(0).benchmarks(), "2 impls, 2 thread counts, quick's 3 shapes");
    }

    @Test
    void aCommandLineJvmArgsAppendKeepsTheSuitesOwnFlags() throws Exception {
        RunPlan plan = RunPlan.parse(List.of("ElementwiseNoSuperWordBench", "-jvmArgsAppend", "-Xmx1g"));
        var append = List.copyOf(plan.suites().get(0).options().build().getJvmArgsAppend().get());
        assertTrue(append.containsAll(List.of("-Xmx1g", "--add-modules=jdk.incubator.vector", "-XX:-UseSuperWord")),
                append.toString());
    }
}
