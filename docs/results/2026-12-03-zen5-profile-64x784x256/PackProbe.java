package dev.backflow.simd;
public class PackProbe {
    public static void main(String[] a) throws Exception {
        int n = 256, k = Integer.parseInt(a[0]); // W is k x n row-major: B = W^T (n x k), rs = 1, cs = n
        float[] w = new float[k * n];
        for (int i = 0; i < w.length; i++) w[i] = i;
        Scratch s = new Scratch();
        s.ensure(0, 256 * 1024, 0);
        float[] copy = new float[k * n];
        for (int round = 0; round < 12; round++) {
            long t0 = System.nanoTime(); int reps = 0;
            while (System.nanoTime() - t0 < 300_000_000L) {
                for (int pc = 0; pc < n; pc += 256) Gemm.packB(w, pc, 1, n, Math.min(256, n - pc), k, s);
                reps++;
            }
            double us = (System.nanoTime() - t0) / 1e3 / reps;
            long t1 = System.nanoTime(); int r2 = 0;
            while (System.nanoTime() - t1 < 300_000_000L) { System.arraycopy(w, 0, copy, 0, w.length); r2++; }
            double cu = (System.nanoTime() - t1) / 1e3 / r2;
            System.out.printf("packB %.1f us (%.1f floats/ns), arraycopy %.1f us%n", us, k * n / us / 1e3, cu);
        }
    }
}
