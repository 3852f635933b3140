package dev.backflow.bench.paired;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.backflow.Kernels;
import dev.backflow.bench.BadInputTest;
import dev.backflow.bench.harness.BadInput;
import dev.backflow.bench.harness.GemmOnlyPeer;
import dev.backflow.bench.harness.MatmulPeer;
import dev.backflow.bench.harness.OpenBlasThreads;
import dev.backflow.bench.report.CompareTest;
import dev.backflow.bench.report.PairedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The paired command's input checks (exit 2, one line, nothing written, before anything runs) and its
 * result checks: a kernel that computes something else, or writes an output it was not asked for, stops the
 * run however fast it is.
 */
class PairedCommandTest {

    @TempDir
    Path dir;

    void unusable(String mention, String... args) {
        BadInputTest.unusableCommand(dir, "paired", "paired: row", mention, args);
    }

    @Test
    void anUnknownRow() {
        unusable("--b: unknown row 'mkl' (scalar, vector, vector-ld, openblas, ejml, netlib-vector, or jar:DIR",
                "--b", "mkl");
    }

    @Test
    void aBadShape() {
        unusable("--shape: '64x64' is not m×k×n", "--shape", "256,64x64");
        unusable("--shape: '0' is not m×k×n", "--shape", "0");
        unusable("--shape: 'big' is not m×k×n", "--shape", "big");
    }

    @Test
    void aBadOffsetsValue() {
        unusable("--offsets: 'random' is neither zero nor swept", "--offsets", "random");
    }

    @Test
    void ejmlIsRefusedForSweptOffsets() {
        unusable("--a ejml cannot run with --offsets swept: it reads every matrix from index 0", "--a", "ejml",
                "--b", "scalar", "--offsets", "swept", "--threads", "1");
        PairedSide ld = new PairedSide("vector-ld", "vector-ld", "", t -> MatmulPeer.of("vector-ld", t));
        PairedPlan.checkOffsets("--b", ld, List.of(1), true); // it reads the operands at their offsets
    }

    /**
     * With swept offsets, the peers get operands at several offsets, each round in new arrays that both sides share
     * (inputs and outputs alike), and the run's checks pass at them.
     */
    @Test
    void sweptOffsetsReachThePeers() {
        Set<Integer> seen = new TreeSet<>();
        List<SeenArrays> arrays = List.of(new SeenArrays(), new SeenArrays());
        MatmulPeer scalarPeer = MatmulPeer.of("scalar", 1);
        MatmulPeer vectorPeer = MatmulPeer.of("vector", 1);
        PairedSide a = new PairedSide("a", "a", "", t -> recording(vectorPeer, seen, arrays.get(0)));
        PairedSide b = new PairedSide("b", "b", "", t -> recording(scalarPeer, seen, arrays.get(1)));
        PairedPlan plan = new PairedPlan(a, b, List.of("9x20x7"), List.of("both", "NT"), List.of(1), 6, 0.1, 0.1, 1, 1,
                dir.resolve("out"), true);
        PairedData.Run run = PairedRunner.measure(plan,
                new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        assertEquals("swept", run.settings().get("offsets"));
        assertEquals("new", run.settings().get("arraysPerDraw"));
        for (int i = 0; i < arrays.get(0).all.size(); i++) { // dY, dX, A, C
            Set<float[]> inA = arrays.get(0).all.get(i);
            Set<float[]> inB = arrays.get(1).all.get(i);
            assertTrue(inA.size() >= 6, "operand " + i + ": arrays over 6 rounds: " + inA.size());
            assertTrue(inA.size() == inB.size() && inA.containsAll(inB), "operand " + i + ": both sides' arrays");
        }
        // the timed calls' offsets, and the checks' (each GUARD further into a longer array)
        assertTrue(seen.stream().filter(o -> o <= Placement.MAX_OFFSET).count() >= 4
                && seen.stream().allMatch(o -> o % 2 == 0 && o <= Placement.MAX_OFFSET + Placement.GUARD),
                seen.toString());
    }

    /** The arrays one side's calls got at the placement's offsets (not a check's, GUARD further in), by identity. */
    private static final class SeenArrays {
        final List<Set<float[]>> all = Stream.generate(
                () -> Collections.newSetFromMap(new IdentityHashMap<float[], Boolean>())).limit(4).toList();
    }

    private static MatmulPeer recording(MatmulPeer peer, Set<Integer> seen, SeenArrays arrays) {
        return new MatmulPeer() {
            @Override
            public void run(MatmulPeer.Problem p, boolean dX, boolean dW) {
                seen.addAll(List.of(p.dYOff(), p.xOff(), p.wOff(), p.dXOff(), p.dWOff()));
                if (p.dYOff() <= Placement.MAX_OFFSET) {
                    arrays.all.get(0).add(p.dY());
                    arrays.all.get(1).add(p.dX());
                }
                peer.run(p, dX, dW);
            }

            @Override
            public void gemm(MatmulPeer.GemmProblem g) {
                seen.addAll(List.of(g.aOff(), g.bOff(), g.cOff()));
                if (g.aOff() <= Placement.MAX_OFFSET) {
                    arrays.all.get(2).add(g.a());
                    arrays.all.get(3).add(g.c());
                }
                peer.gemm(g);
            }
        };
    }

    /**
     * With offsets at zero, every timed call of a row gets the one problem record (the checks make their own): a peer
     * that lays out its operands once per record, as vector-ld does, must not do it again each round.
     */
    @Test
    void zeroOffsetsKeepOneProblemForTheRow() {
        java.util.Set<Object> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        MatmulPeer scalarPeer = MatmulPeer.of("scalar", 1);
        PairedSide vector = new PairedSide("vector", "vector", "", t -> MatmulPeer.of("vector", t));
        PairedSide recorder = new PairedSide("recorder", "recorder", "", t -> (p, dX, dW) -> {
            seen.add(p);
            scalarPeer.run(p, dX, dW);
        });
        PairedPlan plan = new PairedPlan(vector, recorder, List.of("9x20x7"), List.of("dX"), List.of(1), 6, 0.1, 0.1,
                1, 1, dir.resolve("out"));
        PairedRunner.measure(plan, new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        assertEquals(3, seen.size(), "the timed problem and the two checks' own");
    }

    /** A peer that reads and writes from index 0 whatever the offsets fails the check at a nonzero placement. */
    @Test
    void aPeerThatIgnoresTheOffsetsFailsTheCheck() {
        PairedRunner.Reference ref = PairedRunner.reference("16x24x8");
        MatmulPeer.Problem s = ref.start();
        Placement place = Placement.swept(new float[][] {s.dY(), s.x(), s.w(), s.dX(), s.dW()}, 3);
        java.util.SplittableRandom r = new java.util.SplittableRandom(2);
        do {
            place.draw(r);
        } while (place.offset(3) == 0);
        MatmulPeer scalar = MatmulPeer.backflow(Kernels.scalar());
        PairedRunner.check("placed", scalar, ref, true, true, place);
        MatmulPeer atZero = (p, dX, dW) -> scalar.run(new MatmulPeer.Problem(p.m(), p.k(), p.n(), p.dY(), p.x(),
                p.w(), p.dX(), p.dW()), dX, dW);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PairedRunner.check("at zero", atZero, ref, true, true, place));
        // it reads the NaN around the inputs and writes outside dX: either is caught first, as a wrong element or
        // as a write outside the operand
        assertTrue(e.getMessage().startsWith("at zero: dX: "), e.getMessage());
    }

    @Test
    void aMissingJarDirectory() {
        unusable("--b jar:" + dir.resolve("nowhere") + ": no such directory", "--a", "scalar", "--b",
                "jar:" + dir.resolve("nowhere"));
    }

    @Test
    void aJarDirectoryWithoutABuild() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        unusable("no backflow-core-*.jar in it or in its core/target", "--a", "jar:" + empty, "--b", "vector");
    }

    @Test
    void openBlasNotInstalled() {
        String before = System.getProperty("backflow.openblas");
        System.setProperty("backflow.openblas", dir.resolve("no-libblas.so.3").toString());
        try {
            unusable("--b openblas: OpenBLAS is not installed", "--shape", "64", "--threads", "1");
        } finally {
            if (before == null) {
                System.clearProperty("backflow.openblas");
            } else {
                System.setProperty("backflow.openblas", before);
            }
        }
    }

    /** Without a short spin timeout OpenBLAS's idle threads would hold a core while the other side runs. */
    @Test
    void openBlasOnTwoThreadsWithoutItsSpinTimeout() {
        assumeTrue(System.getenv(OpenBlasThreads.SPIN_TIMEOUT) == null, "the test JVM has the variable set");
        unusable("--b openblas on more than one thread needs OPENBLAS_THREAD_TIMEOUT=4 in the environment "
                + "(scripts/bench.sh sets it)", "--shape", "64", "--threads", "1,2");
    }

    @Test
    void aOneThreadPeerOnTwoThreads() {
        unusable("--a ejml on 2 threads: ejml runs on one thread only", "--a", "ejml", "--b", "scalar",
                "--threads", "1,2");
    }

    @Test
    void otherBadOptions() {
        unusable("--a and --b are both 'vector'", "--a", "vector", "--b", "vector");
        unusable("--rounds takes a whole number, not 'many'", "--b", "scalar", "--rounds", "many");
        unusable("--threads: 0 is not in [1, 256]", "--b", "scalar", "--threads", "0");
        unusable("--products: unknown product 'dY'", "--b", "scalar", "--products", "dX,dY");
        unusable("--batch-ms: -1 is not a time", "--b", "scalar", "--batch-ms", "-1");
        unusable("unknown arguments --round 3 (-h lists paired's options)", "--b", "scalar", "--round", "3");
        unusable("--shape: '256' is given twice", "--shape", "256,256");
    }

    @Test
    void helpNamesEveryOption() {
        CompareTest.Outcome o = CompareTest.cli("paired", "-h");
        assertEquals(0, o.exit());
        for (String option : List.of("--a", "--b", "--shape", "--products", "--threads", "--rounds", "--batch-ms",
                "--probe-ms", "--warmup-ms", "--seed", "--offsets", "--out", "jar:DIR")) {
            assertTrue(o.out().contains(option), option + " in " + o.out());
        }
    }

    @Test
    void theScalarKernelsPassTheCheck() {
        PairedRunner.Reference ref = PairedRunner.reference("16x24x8");
        for (boolean[] p : new boolean[][] {{true, true}, {true, false}, {false, true}}) {
            PairedRunner.check("scalar", MatmulPeer.backflow(Kernels.scalar()), ref, p[0], p[1]);
            PairedRunner.check("vector", MatmulPeer.of("vector", 2), ref, p[0], p[1]);
        }
    }

    @Test
    void aKernelThatComputesNothingFailsTheCheck() {
        PairedRunner.Reference ref = PairedRunner.reference("16x24x8");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PairedRunner.check("idle", (p, dX, dW) -> { }, ref, true, true));
        assertTrue(e.getMessage().startsWith("idle: dX: element 0"), e.getMessage());
    }

    @Test
    void aKernelThatWritesTheOtherOutputFailsTheCheck() {
        PairedRunner.Reference ref = PairedRunner.reference("16x24x8");
        MatmulPeer both = (p, dX, dW) -> MatmulPeer.backflow(Kernels.scalar()).run(p, true, true);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PairedRunner.check("eager", both, ref, true, false));
        assertEquals("eager: dW changed, but only dX was asked for", e.getMessage());
    }

    /** The GEMM products run through each side's sgemm, and their rows say which product they are. */
    @Test
    void theGemmProductsRun() {
        PairedSide scalar = new PairedSide("scalar", "scalar", "", t -> MatmulPeer.of("scalar", t));
        PairedSide vector = new PairedSide("vector", "vector", "", t -> MatmulPeer.of("vector", t));
        PairedPlan plan = new PairedPlan(vector, scalar, List.of("9x20x7"), MatmulPeer.GemmProblem.OPS, List.of(1),
                2, 0.1, 0.1, 1, 1, dir.resolve("out"));
        PairedData.Run run = PairedRunner.measure(plan,
                new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        assertEquals(MatmulPeer.GemmProblem.OPS, run.rows().stream().map(PairedData.Row::product).toList());
        assertEquals(2.0 * 9 * 20 * 7, run.rows().get(0).flops());
    }

    /** A GEMM that computes something else stops the run after its warm-up. */
    @Test
    void aWrongGemmStopsTheRun() {
        PairedSide scalar = new PairedSide("scalar", "scalar", "", t -> MatmulPeer.of("scalar", t));
        MatmulPeer transposesB = GemmOnlyPeer.of(g -> MatmulPeer.of("scalar", 1).gemm(new MatmulPeer.GemmProblem(
                g.m(), g.k(), g.n(), g.transA(), !g.transB(), g.a(), g.b(), g.c())));
        PairedSide wrong = new PairedSide("wrong", "wrong", "", t -> transposesB);
        PairedPlan plan = new PairedPlan(scalar, wrong, List.of("8"), List.of("NN"), List.of(1), 2, 0.1, 0.1, 1, 1,
                dir.resolve("out"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PairedRunner.measure(plan, new java.io.PrintStream(java.io.OutputStream.nullOutputStream())));
        assertTrue(e.getMessage().startsWith("B (wrong) after the warm-up, 8 NN on 1 thread: C: element "),
                e.getMessage());
    }

    /** A side without a GEMM (a Backflow build from before sgemm) is refused for the GEMM products, up front. */
    @Test
    void aSideWithoutGemmIsRefusedForTheGemmProducts() {
        PairedSide old = new PairedSide("jar:old", "old", "", t -> (p, dX, dW) -> { });
        BadInput e = assertThrows(BadInput.class, () -> PairedPlan.checkGemm("--b", old, List.of(1)));
        assertTrue(e.getMessage().startsWith("--b jar:old cannot run the GEMM products (NN, NT, TN, TT): "),
                e.getMessage());
        PairedPlan.checkGemm("--a", new PairedSide("vector", "vector", "", t -> MatmulPeer.of("vector", t)),
                List.of(1, 2));
    }

    /** A wrong kernel stops the run after its warm-up: exit 1, one line, nothing written. */
    @Test
    void aWrongKernelStopsTheRun() throws Exception {
        Path out = dir.resolve("out");
        PairedSide scalar = new PairedSide("scalar", "scalar", "", t -> MatmulPeer.backflow(Kernels.scalar()));
        PairedSide wrong = new PairedSide("wrong", "wrong", "", t -> (p, dX, dW) -> {
            if (dX) {
                p.dX()[3] += 1;
            }
        });
        PairedPlan plan = new PairedPlan(scalar, wrong, List.of("8"), List.of("dX"), List.of(1), 2, 0.1, 0.1, 1, 1,
                out);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PairedRunner.measure(plan, new java.io.PrintStream(java.io.OutputStream.nullOutputStream())));
        assertTrue(e.getMessage().startsWith("B (wrong) after the warm-up, 8 dX on 1 thread: dX: element 0"),
                e.getMessage());
    }
}
