// The alignment sweep of README.md in this folder: one sgemm shape, its operands placed at each of 16 float
// offsets in 16 MB arrays (G1 humongous objects, which start at a region boundary, so that exactly one offset
// puts every row on a 64-byte boundary), best of 30 timings of a batch of calls per offset, third of three passes
// printed as offset:GFLOP/s. Run from a folder holding the core and simd jars and bench/target/benchmarks.jar:
//   java --add-modules jdk.incubator.vector -cp backflow-core-0.1.0-SNAPSHOT.jar:backflow-simd-0.1.0-SNAPSHOT.jar:benchmarks.jar \
//       AlignGemm.java NN 4 784 256          (Backflow: TRANSPOSES m k n)
//   PEER=1 OPENBLAS_NUM_THREADS=1 OPENBLAS_CORETYPE=SkylakeX java ... \
//       -Ddev.ludovic.netlib.blas.nativeLibPath=/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3 ... (OpenBLAS)
import dev.backflow.*;
public class AlignGemm {
  public static void main(String[] x) {
    BackwardKernels kz = Kernels.best(); dev.ludovic.netlib.blas.BLAS nb = System.getenv("PEER") != null ? dev.ludovic.netlib.blas.NativeBLAS.getInstance() : null;
    boolean ta = x[0].charAt(0) == 'T', tb = x[0].charAt(1) == 'T';
    int m = Integer.parseInt(x[1]), k = Integer.parseInt(x[2]), n = Integer.parseInt(x[3]);
    float[] a = new float[4 << 20], b = new float[4 << 20], c = new float[4 << 20];
    java.util.Random r = new java.util.Random(1);
    for (int i = 0; i < a.length; i++) { a[i] = r.nextFloat() - 0.5f; b[i] = r.nextFloat() - 0.5f; }
    int lda = ta ? m : k, ldb = tb ? k : n;
    int reps = Math.max(1, (int) (2e8 / (2.0 * m * n * k)));
    for (int rep = 0; rep < 3; rep++) {
      StringBuilder sb = new StringBuilder(x[0] + " " + m + "x" + k + "x" + n + " ");
      for (int off = 0; off < 16; off++) {
        long best = Long.MAX_VALUE;
        for (int t = 0; t < 30; t++) {
          long t0 = System.nanoTime();
          if (nb == null) for (int i = 0; i < reps; i++) kz.sgemm(ta, tb, m, n, k, 1f, a, off, lda, b, off, ldb, 0f, c, off, n); else for (int i = 0; i < reps; i++) nb.sgemm(tb ? "T" : "N", ta ? "T" : "N", n, m, k, 1f, b, off, ldb, a, off, lda, 0f, c, off, n);
          best = Math.min(best, System.nanoTime() - t0);
        }
        sb.append(String.format("%d:%.0f ", off, 2.0 * m * n * k * reps / best));
      }
      System.out.println(sb);
    }
  }
}
