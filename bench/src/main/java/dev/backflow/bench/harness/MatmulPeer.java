package dev.backflow.bench.harness;

import dev.backflow.BackwardKernels;
import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import dev.ludovic.netlib.blas.NativeBLAS;
import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;

/**
 * One way of computing matmulBackward's products, dX += dY·Wᵀ and dW += Xᵀ·dY, on row-major float arrays
 * shared by every implementation: Backflow's own kernels, or a peer library making its own transposed calls.
 */
public interface MatmulPeer {

    /** Computes dX when {@code dX} is true and dW when {@code dW} is true, accumulating. */
    void run(Problem p, boolean dX, boolean dW);

    /**
     * The forward product C += op(A)·op(B) (BLAS {@code sgemm} with alpha = beta = 1), on this implementation.
     *
     * @throws IllegalStateException if this implementation has no GEMM (a Backflow build from before sgemm)
     */
    default void gemm(GemmProblem g) {
        throw new IllegalStateException(getClass().getSimpleName() + " has no GEMM");
    }

    /**
     * The operands of one problem: X is m×k, W is k×n, dY is m×n, dense row-major, each from its offset into its
     * array (0 unless a paired run sweeps offsets: {@link #offsetsZero}).
     */
    record Problem(int m, int k, int n, float[] dY, float[] x, float[] w, float[] dX, float[] dW, int dYOff, int xOff,
                   int wOff, int dXOff, int dWOff) {
        /** Every operand from index 0 of its array. */
        public Problem(int m, int k, int n, float[] dY, float[] x, float[] w, float[] dX, float[] dW) {
            this(m, k, n, dY, x, w, dX, dW, 0, 0, 0, 0, 0);
        }

        /** Whether every operand starts at index 0 of its array. */
        public boolean offsetsZero() {
            return (dYOff | xOff | wOff | dXOff | dWOff) == 0;
        }
    }

    /**
     * The operands of one forward product C += op(A)·op(B), dense row-major, each from its offset into its array:
     * C is m×n; A is stored m×k, or k×m when {@code transA}; B is stored k×n, or n×k when {@code transB}.
     */
    record GemmProblem(int m, int k, int n, boolean transA, boolean transB, float[] a, float[] b, float[] c,
                       int aOff, int bOff, int cOff) {

        /** Every operand from index 0 of its array. */
        public GemmProblem(int m, int k, int n, boolean transA, boolean transB, float[] a, float[] b, float[] c) {
            this(m, k, n, transA, transB, a, b, c, 0, 0, 0);
        }

        /** The four transpose combinations as BLAS names them: NN is A·B, NT is A·Bᵀ, TN Aᵀ·B, TT Aᵀ·Bᵀ. */
        public static final List<String> OPS = List.of("NN", "NT", "TN", "TT");

        /** A problem of the shape m×k×n and op ("NT") with seeded operands. */
        public static GemmProblem random(int m, int k, int n, String op, SplittableRandom r) {
            if (!OPS.contains(op)) {
                throw new IllegalArgumentException("unknown GEMM op " + op + " (" + String.join(", ", OPS) + ")");
            }
            return new GemmProblem(m, k, n, op.charAt(0) == 'T', op.charAt(1) == 'T', Verify.random(r, m * k),
                    Verify.random(r, k * n), Verify.random(r, m * n));
        }

        /** The same operands with C copied, so that a call on the copy leaves this one's C as it was. */
        public GemmProblem withOwnC() {
            return new GemmProblem(m, k, n, transA, transB, a, b, c.clone(), aOff, bOff, cOff);
        }

        /** Whether every operand starts at index 0 of its array. */
        public boolean offsetsZero() {
            return (aOff | bOff | cOff) == 0;
        }

        /** Leading dimensions of the stored A and B. */
        public int lda() {
            return transA ? m : k;
        }

        public int ldb() {
            return transB ? k : n;
        }
    }

    /** Why a peer that reads its matrices from index 0 refuses a problem at offsets. */
    String NO_OFFSETS = "it reads every matrix from index 0 of its array, so it cannot run at offsets";

    /** The property that points netlib-java at a native BLAS; the runner sets it to OpenBLAS's path. */
    String NATIVE_LIB_PATH = "dev.ludovic.netlib.blas.nativeLibPath";

    /** The implementations that run on one thread only: EJML and netlib's VectorBLAS have no threads of their own. */
    List<String> ONE_THREAD_ONLY = List.of("ejml", "netlib-vector");

    /**
     * The implementation of that name on that many threads: Backflow's {@code Kernels.parallel(impl, threads)},
     * OpenBLAS set to that many threads; EJML and VectorBLAS on one thread only.
     *
     * @throws IllegalStateException if this fork cannot run it, or for EJML or VectorBLAS on more than one thread
     */
    static MatmulPeer of(String impl, int threads) {
        if (ONE_THREAD_ONLY.contains(impl) && threads != 1) {
            throw new IllegalStateException(impl + " runs on one thread only, not " + threads
                    + ": measure it with threads=1");
        }
        return switch (impl) {
            case "scalar", "vector" -> backflow(Verify.kernels(impl, threads));
            case "vector-ld" -> new StridedPeer(Verify.kernels("vector", threads));
            case "ejml" -> new Ejml();
            case "netlib-vector" -> blas(vectorBlas());
            case "openblas" -> blas(openBlas(threads));
            default -> throw new IllegalArgumentException("unknown matmul implementation " + impl);
        };
    }

    static MatmulPeer backflow(BackwardKernels k) {
        return new Backflow(k);
    }

    /** Backflow's own kernels (a record, so that a test can see which kernels a benchmark runs). */
    record Backflow(BackwardKernels kernels) implements MatmulPeer {
        @Override
        public void run(Problem p, boolean dX, boolean dW) {
            kernels.matmulBackward(p.dY(), p.dYOff(), p.x(), p.xOff(), p.w(), p.wOff(), dX ? p.dX() : null, p.dXOff(),
                    dW ? p.dW() : null, p.dWOff(), p.m(), p.k(), p.n());
        }

        @Override
        public void gemm(GemmProblem g) {
            kernels.sgemm(g.transA(), g.transB(), g.m(), g.n(), g.k(), 1f, g.a(), g.aOff(), g.lda(), g.b(), g.bOff(),
                    g.ldb(), 1f, g.c(), g.cOff(), g.n());
        }
    }

    /**
     * EJML wraps the same arrays; its multAdd, multAddTransA, multAddTransB and multAddTransAB accumulate. A matrix
     * of EJML's starts at index 0 of its array, so this peer takes no offsets.
     */
    final class Ejml implements MatmulPeer {
        @Override
        public void run(Problem p, boolean dX, boolean dW) {
            if (!p.offsetsZero()) {
                throw new IllegalStateException(NO_OFFSETS);
            }
            FMatrixRMaj dY = FMatrixRMaj.wrap(p.m(), p.n(), p.dY());
            if (dX) {
                CommonOps_FDRM.multAddTransB(dY, FMatrixRMaj.wrap(p.k(), p.n(), p.w()),
                        FMatrixRMaj.wrap(p.m(), p.k(), p.dX()));
            }
            if (dW) {
                CommonOps_FDRM.multAddTransA(FMatrixRMaj.wrap(p.m(), p.k(), p.x()), dY,
                        FMatrixRMaj.wrap(p.k(), p.n(), p.dW()));
            }
        }

        @Override
        public void gemm(GemmProblem g) {
            if (!g.offsetsZero()) {
                throw new IllegalStateException(NO_OFFSETS);
            }
            FMatrixRMaj a = g.transA() ? FMatrixRMaj.wrap(g.k(), g.m(), g.a()) : FMatrixRMaj.wrap(g.m(), g.k(), g.a());
            FMatrixRMaj b = g.transB() ? FMatrixRMaj.wrap(g.n(), g.k(), g.b()) : FMatrixRMaj.wrap(g.k(), g.n(), g.b());
            FMatrixRMaj c = FMatrixRMaj.wrap(g.m(), g.n(), g.c());
            if (g.transA() && g.transB()) {
                CommonOps_FDRM.multAddTransAB(a, b, c);
            } else if (g.transA()) {
                CommonOps_FDRM.multAddTransA(a, b, c);
            } else if (g.transB()) {
                CommonOps_FDRM.multAddTransB(a, b, c);
            } else {
                CommonOps_FDRM.multAdd(a, b, c);
            }
        }
    }

    /**
     * BLAS is column-major: a row-major r×c matrix is its column-major transpose. So dX (row-major m×k) is
     * the column-major k×m matrix W·dYᵀ = op(W stored n×k, "T")·(dY stored n×m, "N"), and dW (row-major k×n)
     * is the column-major n×k matrix dYᵀ·X = (dY stored n×m, "N")·op(X stored k×m, "T").
     */
    static MatmulPeer blas(BLAS blas) {
        return new Blas(blas);
    }

    /**
     * A BLAS through netlib-java. For the forward product, the row-major m×n C is the column-major n×m Cᵀ =
     * op(B)ᵀ·op(A)ᵀ, and a row-major operand read column-major is its own transpose: so B comes first, with
     * "N" when it is stored k×n and "T" when stored n×k, then A likewise, each with its row length as ld.
     */
    record Blas(BLAS blas) implements MatmulPeer {
        @Override
        public void run(Problem p, boolean dX, boolean dW) {
            if (dX) {
                blas.sgemm("T", "N", p.k(), p.m(), p.n(), 1f, p.w(), p.wOff(), p.n(), p.dY(), p.dYOff(), p.n(), 1f,
                        p.dX(), p.dXOff(), p.k());
            }
            if (dW) {
                blas.sgemm("N", "T", p.n(), p.k(), p.m(), 1f, p.dY(), p.dYOff(), p.n(), p.x(), p.xOff(), p.k(), 1f,
                        p.dW(), p.dWOff(), p.n());
            }
        }

        @Override
        public void gemm(GemmProblem g) {
            blas.sgemm(g.transB() ? "T" : "N", g.transA() ? "T" : "N", g.n(), g.m(), g.k(), 1f, g.b(), g.bOff(),
                    g.ldb(), g.a(), g.aOff(), g.lda(), 1f, g.c(), g.cOff(), g.n());
        }
    }

    static BLAS vectorBlas() {
        JavaBLAS blas = JavaBLAS.getInstance();
        if (!blas.getClass().getSimpleName().equals("VectorBLAS")) {
            throw new IllegalStateException("netlib-java gave " + blas.getClass().getName() + ", not its Vector API "
                    + "BLAS: this fork lacks --add-modules jdk.incubator.vector");
        }
        return blas;
    }

    /**
     * OpenBLAS through netlib-java, on {@code threads} threads. Every fork starts with OPENBLAS_NUM_THREADS=1,
     * so that OpenBLAS starts no threads of its own at load; the row's count is then set and checked by
     * {@link OpenBlasThreads}.
     */
    static BLAS openBlas(int threads) {
        String path = System.getProperty(NATIVE_LIB_PATH);
        if (path == null || !path.contains("openblas")) {
            throw new IllegalStateException("the openblas row needs -D" + NATIVE_LIB_PATH + "=<OpenBLAS's libblas.so.3>"
                    + " (the runner sets it when OpenBLAS is installed), but it is " + path);
        }
        if (!"1".equals(System.getenv("OPENBLAS_NUM_THREADS"))) {
            throw new IllegalStateException("OpenBLAS must start on one thread, and the row's thread count is set at "
                    + "setup: set OPENBLAS_NUM_THREADS=1 (scripts/bench.sh does)");
        }
        BLAS blas = NativeBLAS.getInstance();
        OpenBlasThreads.set(path, threads);
        return blas;
    }
}
