package dev.backflow.simd;
import jdk.incubator.vector.*;
public class PProbe {
    static final VectorSpecies<Float> S8 = FloatVector.SPECIES_256;
    static final VectorMask<Float> M6 = VectorMask.fromLong(S8, 0x3f);
    static void v0(float[] a, int base, int cs, int mc, int kb, float[] dst) { Gemm.packA(a, base, 1, cs, mc, kb, dst, false, null); } // the pass per sliver (cs < STAGE_STRIDE or no stage)
    static void scalar(float[] a, int base, int cs, int mc, int kb, float[] dst) {
        for (int ir = 0; ir + 6 <= mc; ir += 6) { int out = ir * kb; int s = base + ir;
            for (int p = 0; p < kb; p++) { int col = s + p * cs; int o = out + p * 6;
                dst[o] = a[col]; dst[o+1] = a[col+1]; dst[o+2] = a[col+2]; dst[o+3] = a[col+3]; dst[o+4] = a[col+4]; dst[o+5] = a[col+5]; } }
    }
    // unmasked 8-wide load and store, overlapping into the next step (the next step overwrites the 2 extra)
    static void over(float[] a, int base, int cs, int mc, int kb, float[] dst) {
        for (int ir = 0; ir + 6 <= mc; ir += 6) { int out = ir * kb; int s = base + ir;
            int p = 0;
            for (; p < kb - 1; p++) FloatVector.fromArray(S8, a, s + p * cs).intoArray(dst, out + p * 6);
            FloatVector.fromArray(S8, a, s + p * cs, M6).intoArray(dst, out + p * 6, M6); }
    }
    static void ch(float[] a, int base, int cs, int mc, int kb, float[] dst, int CH) {
        int full = mc - mc % 6;
        for (int p0 = 0; p0 < kb; p0 += CH) { int p1 = Math.min(kb, p0 + CH);
            for (int i = 0; i < full; i += 6) for (int p = p0; p < p1; p++)
                FloatVector.fromArray(S8, a, base + p * cs + i, M6).intoArray(dst, i * kb + p * 6, M6); }
    }
    static final float[] STAGE = new float[16 * 112];
    static void stage(float[] a, int base, int cs, int mc, int kb, float[] dst) {
        int full = mc - mc % 6; float[] st = STAGE; int w = 112;
        for (int p0 = 0; p0 < kb; p0 += 16) {
            for (int p = 0; p < 16; p++) System.arraycopy(a, base + (p0 + p) * cs, st, p * w, mc);
            for (int i = 0; i < full; i += 6) for (int p = 0; p < 16; p++)
                FloatVector.fromArray(S8, st, p * w + i, M6).intoArray(dst, i * kb + (p0 + p) * 6, M6); }
    }
    static void rows(float[] a, int base, int cs, int mc, int kb, float[] dst) {
        for (int i = 0; i < mc; i++) System.arraycopy(a, base + i * cs, dst, i * kb, kb);
    }
    public static void main(String[] args) {
        int M = 1024, K = 1024, mcB = 102, kbB = 256;
        float[] x = new float[M * K]; for (int i = 0; i < x.length; i++) x[i] = i;
        float[] d = new float[mcB * kbB + 64], d2 = new float[mcB * kbB + 64];
        String[] names = {"v0", "ch8", "ch32", "rows", "stage"};
        for (int round = 0; round < 10; round++) {
            for (int v = 0; v < 5; v++) {
                long t0 = System.nanoTime(); int reps = 0;
                while (System.nanoTime() - t0 < 200_000_000L) {
                    for (int pc = 0; pc < K; pc += kbB) for (int ic = 0; ic + mcB <= M; ic += mcB) {
                        int base = pc * M + ic; // A(i,p) = x[(pc+p)*M + ic + i]
                        switch (v) { case 0 -> v0(x, base, M, mcB, kbB, d); case 1 -> ch(x, base, M, mcB, kbB, d, 8); case 4 -> stage(x, base, M, mcB, kbB, d);
                            case 2 -> ch(x, base, M, mcB, kbB, d, 32); default -> rows(x, ic * K + pc, K, mcB, kbB, d); }
                    }
                    reps++;
                }
                System.out.printf("%s %.2f ms  ", names[v], (System.nanoTime() - t0) / 1e6 / reps);
            }
            if (round == 0) { v0(x, 7, M, mcB, kbB, d); stage(x, 7, M, mcB, kbB, d2); System.out.print(java.util.Arrays.equals(d, 0, 102*256, d2, 0, 102*256) ? "same " : "DIFF "); }
            System.out.println();
        }
    }
}
