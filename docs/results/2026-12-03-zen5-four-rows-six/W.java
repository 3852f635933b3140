import jdk.incubator.vector.*;
public class W {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
    static final int L = 16;
    // V0: current: q*bRs, q*aCs
    static void v0(int kb, float[] a, int a0, int a1, int a2, int a3, int aCs, float[] b, int b0, int bRs, float[] c, int c0, int ldc) {
        FloatVector s00 = FloatVector.zero(S), s01 = s00, s02 = s00, s03 = s00, s10 = s00, s11 = s00, s12 = s00, s13 = s00;
        FloatVector s20 = s00, s21 = s00, s22 = s00, s23 = s00, s30 = s00, s31 = s00, s32 = s00, s33 = s00;
        for (int q = 0; q < kb; q++) {
            int bi = b0 + q * bRs; int ai = q * aCs;
            FloatVector v0 = FloatVector.fromArray(S, b, bi), v1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector v2 = FloatVector.fromArray(S, b, bi + 2 * L), v3 = FloatVector.fromArray(S, b, bi + 3 * L);
            FloatVector x = FloatVector.broadcast(S, a[a0 + ai]);
            s00 = x.fma(v0, s00); s01 = x.fma(v1, s01); s02 = x.fma(v2, s02); s03 = x.fma(v3, s03);
            x = FloatVector.broadcast(S, a[a1 + ai]);
            s10 = x.fma(v0, s10); s11 = x.fma(v1, s11); s12 = x.fma(v2, s12); s13 = x.fma(v3, s13);
            x = FloatVector.broadcast(S, a[a2 + ai]);
            s20 = x.fma(v0, s20); s21 = x.fma(v1, s21); s22 = x.fma(v2, s22); s23 = x.fma(v3, s23);
            x = FloatVector.broadcast(S, a[a3 + ai]);
            s30 = x.fma(v0, s30); s31 = x.fma(v1, s31); s32 = x.fma(v2, s32); s33 = x.fma(v3, s33);
        }
        FloatVector.fromArray(S, c, (c0) + 0 * L).add(s00).intoArray(c, (c0) + 0 * L); FloatVector.fromArray(S, c, (c0) + 1 * L).add(s01).intoArray(c, (c0) + 1 * L); FloatVector.fromArray(S, c, (c0) + 2 * L).add(s02).intoArray(c, (c0) + 2 * L); FloatVector.fromArray(S, c, (c0) + 3 * L).add(s03).intoArray(c, (c0) + 3 * L); FloatVector.fromArray(S, c, (c0 + ldc) + 0 * L).add(s10).intoArray(c, (c0 + ldc) + 0 * L); FloatVector.fromArray(S, c, (c0 + ldc) + 1 * L).add(s11).intoArray(c, (c0 + ldc) + 1 * L); FloatVector.fromArray(S, c, (c0 + ldc) + 2 * L).add(s12).intoArray(c, (c0 + ldc) + 2 * L); FloatVector.fromArray(S, c, (c0 + ldc) + 3 * L).add(s13).intoArray(c, (c0 + ldc) + 3 * L);
        FloatVector.fromArray(S, c, (c0 + 2 * ldc) + 0 * L).add(s20).intoArray(c, (c0 + 2 * ldc) + 0 * L); FloatVector.fromArray(S, c, (c0 + 2 * ldc) + 1 * L).add(s21).intoArray(c, (c0 + 2 * ldc) + 1 * L); FloatVector.fromArray(S, c, (c0 + 2 * ldc) + 2 * L).add(s22).intoArray(c, (c0 + 2 * ldc) + 2 * L); FloatVector.fromArray(S, c, (c0 + 2 * ldc) + 3 * L).add(s23).intoArray(c, (c0 + 2 * ldc) + 3 * L); FloatVector.fromArray(S, c, (c0 + 3 * ldc) + 0 * L).add(s30).intoArray(c, (c0 + 3 * ldc) + 0 * L); FloatVector.fromArray(S, c, (c0 + 3 * ldc) + 1 * L).add(s31).intoArray(c, (c0 + 3 * ldc) + 1 * L); FloatVector.fromArray(S, c, (c0 + 3 * ldc) + 2 * L).add(s32).intoArray(c, (c0 + 3 * ldc) + 2 * L); FloatVector.fromArray(S, c, (c0 + 3 * ldc) + 3 * L).add(s33).intoArray(c, (c0 + 3 * ldc) + 3 * L);
    }
    static void st(float[] c, int o, FloatVector x0, FloatVector x1, FloatVector x2, FloatVector x3) {
        FloatVector.fromArray(S, c, o).add(x0).intoArray(c, o);
        FloatVector.fromArray(S, c, o + L).add(x1).intoArray(c, o + L);
        FloatVector.fromArray(S, c, o + 2 * L).add(x2).intoArray(c, o + 2 * L);
        FloatVector.fromArray(S, c, o + 3 * L).add(x3).intoArray(c, o + 3 * L);
    }
    // V1: A interleaved p[4q+r] (q loop var, const scale), B running index
    static void v1(int kb, float[] p, float[] b, int b0, int bRs, float[] c, int c0, int ldc) {
        FloatVector s00 = FloatVector.zero(S), s01 = s00, s02 = s00, s03 = s00, s10 = s00, s11 = s00, s12 = s00, s13 = s00;
        FloatVector s20 = s00, s21 = s00, s22 = s00, s23 = s00, s30 = s00, s31 = s00, s32 = s00, s33 = s00;
        int bi = b0;
        for (int q = 0; q < kb; q++) {
            FloatVector v0 = FloatVector.fromArray(S, b, bi), v1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector v2 = FloatVector.fromArray(S, b, bi + 2 * L), v3 = FloatVector.fromArray(S, b, bi + 3 * L);
            bi += bRs;
            FloatVector x = FloatVector.broadcast(S, p[4 * q]);
            s00 = x.fma(v0, s00); s01 = x.fma(v1, s01); s02 = x.fma(v2, s02); s03 = x.fma(v3, s03);
            x = FloatVector.broadcast(S, p[4 * q + 1]);
            s10 = x.fma(v0, s10); s11 = x.fma(v1, s11); s12 = x.fma(v2, s12); s13 = x.fma(v3, s13);
            x = FloatVector.broadcast(S, p[4 * q + 2]);
            s20 = x.fma(v0, s20); s21 = x.fma(v1, s21); s22 = x.fma(v2, s22); s23 = x.fma(v3, s23);
            x = FloatVector.broadcast(S, p[4 * q + 3]);
            s30 = x.fma(v0, s30); s31 = x.fma(v1, s31); s32 = x.fma(v2, s32); s33 = x.fma(v3, s33);
        }
        FloatVector.fromArray(S, c, (c0) + 0 * L).add(s00).intoArray(c, (c0) + 0 * L); FloatVector.fromArray(S, c, (c0) + 1 * L).add(s01).intoArray(c, (c0) + 1 * L); FloatVector.fromArray(S, c, (c0) + 2 * L).add(s02).intoArray(c, (c0) + 2 * L); FloatVector.fromArray(S, c, (c0) + 3 * L).add(s03).intoArray(c, (c0) + 3 * L); FloatVector.fromArray(S, c, (c0 + ldc) + 0 * L).add(s10).intoArray(c, (c0 + ldc) + 0 * L); FloatVector.fromArray(S, c, (c0 + ldc) + 1 * L).add(s11).intoArray(c, (c0 + ldc) + 1 * L); FloatVector.fromArray(S, c, (c0 + ldc) + 2 * L).add(s12).intoArray(c, (c0 + ldc) + 2 * L); FloatVector.fromArray(S, c, (c0 + ldc) + 3 * L).add(s13).intoArray(c, (c0 + ldc) + 3 * L);
        FloatVector.fromArray(S, c, (c0 + 2 * ldc) + 0 * L).add(s20).intoArray(c, (c0 + 2 * ldc) + 0 * L); FloatVector.fromArray(S, c, (c0 + 2 * ldc) + 1 * L).add(s21).intoArray(c, (c0 + 2 * ldc) + 1 * L); FloatVector.fromArray(S, c, (c0 + 2 * ldc) + 2 * L).add(s22).intoArray(c, (c0 + 2 * ldc) + 2 * L); FloatVector.fromArray(S, c, (c0 + 2 * ldc) + 3 * L).add(s23).intoArray(c, (c0 + 2 * ldc) + 3 * L); FloatVector.fromArray(S, c, (c0 + 3 * ldc) + 0 * L).add(s30).intoArray(c, (c0 + 3 * ldc) + 0 * L); FloatVector.fromArray(S, c, (c0 + 3 * ldc) + 1 * L).add(s31).intoArray(c, (c0 + 3 * ldc) + 1 * L); FloatVector.fromArray(S, c, (c0 + 3 * ldc) + 2 * L).add(s32).intoArray(c, (c0 + 3 * ldc) + 2 * L); FloatVector.fromArray(S, c, (c0 + 3 * ldc) + 3 * L).add(s33).intoArray(c, (c0 + 3 * ldc) + 3 * L);
    }
    static void v5(int kb, float[] p, float[] b, int b0, int bRs, float[] c, int c0, int ldc) {
        FloatVector s00 = FloatVector.zero(S), s01 = s00, s02 = s00, s03 = s00, s10 = s00, s11 = s00, s12 = s00, s13 = s00;
        FloatVector s20 = s00, s21 = s00, s22 = s00, s23 = s00, s30 = s00, s31 = s00, s32 = s00, s33 = s00;
        int bi = b0; int t = 0; int pfEnd = kb - PD; int pd = PD * bRs;
        for (int q = 0; q < kb; q++) {
            if (q < pfEnd) { int pf = bi + pd; t += Float.floatToRawIntBits(b[pf]) + Float.floatToRawIntBits(b[pf + 16]) + Float.floatToRawIntBits(b[pf + 32]) + Float.floatToRawIntBits(b[pf + 48]); }
            FloatVector v0 = FloatVector.fromArray(S, b, bi), v1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector v2 = FloatVector.fromArray(S, b, bi + 2 * L), v3 = FloatVector.fromArray(S, b, bi + 3 * L);
            bi += bRs;
            FloatVector x = FloatVector.broadcast(S, p[4 * q]);
            s00 = x.fma(v0, s00); s01 = x.fma(v1, s01); s02 = x.fma(v2, s02); s03 = x.fma(v3, s03);
            x = FloatVector.broadcast(S, p[4 * q + 1]);
            s10 = x.fma(v0, s10); s11 = x.fma(v1, s11); s12 = x.fma(v2, s12); s13 = x.fma(v3, s13);
            x = FloatVector.broadcast(S, p[4 * q + 2]);
            s20 = x.fma(v0, s20); s21 = x.fma(v1, s21); s22 = x.fma(v2, s22); s23 = x.fma(v3, s23);
            x = FloatVector.broadcast(S, p[4 * q + 3]);
            s30 = x.fma(v0, s30); s31 = x.fma(v1, s31); s32 = x.fma(v2, s32); s33 = x.fma(v3, s33);
        }
        SINK += t;
        FloatVector.fromArray(S, c, (c0) + 0 * L).add(s00).intoArray(c, (c0) + 0 * L); FloatVector.fromArray(S, c, (c0) + 1 * L).add(s01).intoArray(c, (c0) + 1 * L); FloatVector.fromArray(S, c, (c0) + 2 * L).add(s02).intoArray(c, (c0) + 2 * L); FloatVector.fromArray(S, c, (c0) + 3 * L).add(s03).intoArray(c, (c0) + 3 * L); FloatVector.fromArray(S, c, (c0 + ldc) + 0 * L).add(s10).intoArray(c, (c0 + ldc) + 0 * L); FloatVector.fromArray(S, c, (c0 + ldc) + 1 * L).add(s11).intoArray(c, (c0 + ldc) + 1 * L); FloatVector.fromArray(S, c, (c0 + ldc) + 2 * L).add(s12).intoArray(c, (c0 + ldc) + 2 * L); FloatVector.fromArray(S, c, (c0 + ldc) + 3 * L).add(s13).intoArray(c, (c0 + ldc) + 3 * L);
        FloatVector.fromArray(S, c, (c0 + 2 * ldc) + 0 * L).add(s20).intoArray(c, (c0 + 2 * ldc) + 0 * L); FloatVector.fromArray(S, c, (c0 + 2 * ldc) + 1 * L).add(s21).intoArray(c, (c0 + 2 * ldc) + 1 * L); FloatVector.fromArray(S, c, (c0 + 2 * ldc) + 2 * L).add(s22).intoArray(c, (c0 + 2 * ldc) + 2 * L); FloatVector.fromArray(S, c, (c0 + 2 * ldc) + 3 * L).add(s23).intoArray(c, (c0 + 2 * ldc) + 3 * L); FloatVector.fromArray(S, c, (c0 + 3 * ldc) + 0 * L).add(s30).intoArray(c, (c0 + 3 * ldc) + 0 * L); FloatVector.fromArray(S, c, (c0 + 3 * ldc) + 1 * L).add(s31).intoArray(c, (c0 + 3 * ldc) + 1 * L); FloatVector.fromArray(S, c, (c0 + 3 * ldc) + 2 * L).add(s32).intoArray(c, (c0 + 3 * ldc) + 2 * L); FloatVector.fromArray(S, c, (c0 + 3 * ldc) + 3 * L).add(s33).intoArray(c, (c0 + 3 * ldc) + 3 * L);
    }
    // V2: B packed too? no. V2: 4 rows x 6 vectors (24 acc), A interleaved
    static void v2(int kb, float[] p, float[] b, int b0, int bRs, float[] c, int c0, int ldc) {
        FloatVector s00 = FloatVector.zero(S), s01 = s00, s02 = s00, s03 = s00, s04 = s00, s05 = s00;
        FloatVector s10 = s00, s11 = s00, s12 = s00, s13 = s00, s14 = s00, s15 = s00;
        FloatVector s20 = s00, s21 = s00, s22 = s00, s23 = s00, s24 = s00, s25 = s00;
        FloatVector s30 = s00, s31 = s00, s32 = s00, s33 = s00, s34 = s00, s35 = s00;
        int bi = b0;
        for (int q = 0; q < kb; q++) {
            FloatVector x0 = FloatVector.broadcast(S, p[4 * q]), x1 = FloatVector.broadcast(S, p[4 * q + 1]);
            FloatVector x2 = FloatVector.broadcast(S, p[4 * q + 2]), x3 = FloatVector.broadcast(S, p[4 * q + 3]);
            FloatVector v = FloatVector.fromArray(S, b, bi);
            s00 = x0.fma(v, s00); s10 = x1.fma(v, s10); s20 = x2.fma(v, s20); s30 = x3.fma(v, s30);
            v = FloatVector.fromArray(S, b, bi + L);
            s01 = x0.fma(v, s01); s11 = x1.fma(v, s11); s21 = x2.fma(v, s21); s31 = x3.fma(v, s31);
            v = FloatVector.fromArray(S, b, bi + 2 * L);
            s02 = x0.fma(v, s02); s12 = x1.fma(v, s12); s22 = x2.fma(v, s22); s32 = x3.fma(v, s32);
            v = FloatVector.fromArray(S, b, bi + 3 * L);
            s03 = x0.fma(v, s03); s13 = x1.fma(v, s13); s23 = x2.fma(v, s23); s33 = x3.fma(v, s33);
            v = FloatVector.fromArray(S, b, bi + 4 * L);
            s04 = x0.fma(v, s04); s14 = x1.fma(v, s14); s24 = x2.fma(v, s24); s34 = x3.fma(v, s34);
            v = FloatVector.fromArray(S, b, bi + 5 * L);
            s05 = x0.fma(v, s05); s15 = x1.fma(v, s15); s25 = x2.fma(v, s25); s35 = x3.fma(v, s35);
            bi += bRs;
        }
        FloatVector.fromArray(S, c, (c0) + 0 * L).add(s00).intoArray(c, (c0) + 0 * L); FloatVector.fromArray(S, c, (c0) + 1 * L).add(s01).intoArray(c, (c0) + 1 * L); FloatVector.fromArray(S, c, (c0) + 2 * L).add(s02).intoArray(c, (c0) + 2 * L); FloatVector.fromArray(S, c, (c0) + 3 * L).add(s03).intoArray(c, (c0) + 3 * L); FloatVector.fromArray(S, c, (c0 + ldc) + 0 * L).add(s10).intoArray(c, (c0 + ldc) + 0 * L); FloatVector.fromArray(S, c, (c0 + ldc) + 1 * L).add(s11).intoArray(c, (c0 + ldc) + 1 * L); FloatVector.fromArray(S, c, (c0 + ldc) + 2 * L).add(s12).intoArray(c, (c0 + ldc) + 2 * L); FloatVector.fromArray(S, c, (c0 + ldc) + 3 * L).add(s13).intoArray(c, (c0 + ldc) + 3 * L);
        FloatVector.fromArray(S, c, (c0 + 2 * ldc) + 0 * L).add(s20).intoArray(c, (c0 + 2 * ldc) + 0 * L); FloatVector.fromArray(S, c, (c0 + 2 * ldc) + 1 * L).add(s21).intoArray(c, (c0 + 2 * ldc) + 1 * L); FloatVector.fromArray(S, c, (c0 + 2 * ldc) + 2 * L).add(s22).intoArray(c, (c0 + 2 * ldc) + 2 * L); FloatVector.fromArray(S, c, (c0 + 2 * ldc) + 3 * L).add(s23).intoArray(c, (c0 + 2 * ldc) + 3 * L); FloatVector.fromArray(S, c, (c0 + 3 * ldc) + 0 * L).add(s30).intoArray(c, (c0 + 3 * ldc) + 0 * L); FloatVector.fromArray(S, c, (c0 + 3 * ldc) + 1 * L).add(s31).intoArray(c, (c0 + 3 * ldc) + 1 * L); FloatVector.fromArray(S, c, (c0 + 3 * ldc) + 2 * L).add(s32).intoArray(c, (c0 + 3 * ldc) + 2 * L); FloatVector.fromArray(S, c, (c0 + 3 * ldc) + 3 * L).add(s33).intoArray(c, (c0 + 3 * ldc) + 3 * L);
        FloatVector.fromArray(S, c, (c0 + 4 * L) + 0 * L).add(s04).intoArray(c, (c0 + 4 * L) + 0 * L); FloatVector.fromArray(S, c, (c0 + 4 * L) + 1 * L).add(s05).intoArray(c, (c0 + 4 * L) + 1 * L); FloatVector.fromArray(S, c, (c0 + ldc + 4 * L) + 0 * L).add(s14).intoArray(c, (c0 + ldc + 4 * L) + 0 * L); FloatVector.fromArray(S, c, (c0 + ldc + 4 * L) + 1 * L).add(s15).intoArray(c, (c0 + ldc + 4 * L) + 1 * L);
        FloatVector.fromArray(S, c, (c0 + 2 * ldc + 4 * L) + 0 * L).add(s24).intoArray(c, (c0 + 2 * ldc + 4 * L) + 0 * L); FloatVector.fromArray(S, c, (c0 + 2 * ldc + 4 * L) + 1 * L).add(s25).intoArray(c, (c0 + 2 * ldc + 4 * L) + 1 * L); FloatVector.fromArray(S, c, (c0 + 3 * ldc + 4 * L) + 0 * L).add(s34).intoArray(c, (c0 + 3 * ldc + 4 * L) + 0 * L); FloatVector.fromArray(S, c, (c0 + 3 * ldc + 4 * L) + 1 * L).add(s35).intoArray(c, (c0 + 3 * ldc + 4 * L) + 1 * L);
    }
    static void v6(int kb, float[] a, int a0, int a1, int a2, int a3, float[] b, int b0, int bRs, float[] c, int c0, int ldc) {
        FloatVector s00 = FloatVector.zero(S), s01 = s00, s02 = s00, s03 = s00, s04 = s00, s05 = s00;
        FloatVector s10 = s00, s11 = s00, s12 = s00, s13 = s00, s14 = s00, s15 = s00;
        FloatVector s20 = s00, s21 = s00, s22 = s00, s23 = s00, s24 = s00, s25 = s00;
        FloatVector s30 = s00, s31 = s00, s32 = s00, s33 = s00, s34 = s00, s35 = s00;
        int bi = b0; int ai = 0;
        for (int q = 0; q < kb; q++) {
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + ai]), x1 = FloatVector.broadcast(S, a[a1 + ai]);
            FloatVector x2 = FloatVector.broadcast(S, a[a2 + ai]), x3 = FloatVector.broadcast(S, a[a3 + ai]);
            FloatVector v = FloatVector.fromArray(S, b, bi);
            s00 = x0.fma(v, s00); s10 = x1.fma(v, s10); s20 = x2.fma(v, s20); s30 = x3.fma(v, s30);
            v = FloatVector.fromArray(S, b, bi + L);
            s01 = x0.fma(v, s01); s11 = x1.fma(v, s11); s21 = x2.fma(v, s21); s31 = x3.fma(v, s31);
            v = FloatVector.fromArray(S, b, bi + 2 * L);
            s02 = x0.fma(v, s02); s12 = x1.fma(v, s12); s22 = x2.fma(v, s22); s32 = x3.fma(v, s32);
            v = FloatVector.fromArray(S, b, bi + 3 * L);
            s03 = x0.fma(v, s03); s13 = x1.fma(v, s13); s23 = x2.fma(v, s23); s33 = x3.fma(v, s33);
            v = FloatVector.fromArray(S, b, bi + 4 * L);
            s04 = x0.fma(v, s04); s14 = x1.fma(v, s14); s24 = x2.fma(v, s24); s34 = x3.fma(v, s34);
            v = FloatVector.fromArray(S, b, bi + 5 * L);
            s05 = x0.fma(v, s05); s15 = x1.fma(v, s15); s25 = x2.fma(v, s25); s35 = x3.fma(v, s35);
            bi += bRs; ai++;
        }
        FloatVector.fromArray(S, c, (c0) + 0 * L).add(s00).intoArray(c, (c0) + 0 * L); FloatVector.fromArray(S, c, (c0) + 1 * L).add(s01).intoArray(c, (c0) + 1 * L); FloatVector.fromArray(S, c, (c0) + 2 * L).add(s02).intoArray(c, (c0) + 2 * L); FloatVector.fromArray(S, c, (c0) + 3 * L).add(s03).intoArray(c, (c0) + 3 * L); FloatVector.fromArray(S, c, (c0 + ldc) + 0 * L).add(s10).intoArray(c, (c0 + ldc) + 0 * L); FloatVector.fromArray(S, c, (c0 + ldc) + 1 * L).add(s11).intoArray(c, (c0 + ldc) + 1 * L); FloatVector.fromArray(S, c, (c0 + ldc) + 2 * L).add(s12).intoArray(c, (c0 + ldc) + 2 * L); FloatVector.fromArray(S, c, (c0 + ldc) + 3 * L).add(s13).intoArray(c, (c0 + ldc) + 3 * L);
        FloatVector.fromArray(S, c, (c0 + 2 * ldc) + 0 * L).add(s20).intoArray(c, (c0 + 2 * ldc) + 0 * L); FloatVector.fromArray(S, c, (c0 + 2 * ldc) + 1 * L).add(s21).intoArray(c, (c0 + 2 * ldc) + 1 * L); FloatVector.fromArray(S, c, (c0 + 2 * ldc) + 2 * L).add(s22).intoArray(c, (c0 + 2 * ldc) + 2 * L); FloatVector.fromArray(S, c, (c0 + 2 * ldc) + 3 * L).add(s23).intoArray(c, (c0 + 2 * ldc) + 3 * L); FloatVector.fromArray(S, c, (c0 + 3 * ldc) + 0 * L).add(s30).intoArray(c, (c0 + 3 * ldc) + 0 * L); FloatVector.fromArray(S, c, (c0 + 3 * ldc) + 1 * L).add(s31).intoArray(c, (c0 + 3 * ldc) + 1 * L); FloatVector.fromArray(S, c, (c0 + 3 * ldc) + 2 * L).add(s32).intoArray(c, (c0 + 3 * ldc) + 2 * L); FloatVector.fromArray(S, c, (c0 + 3 * ldc) + 3 * L).add(s33).intoArray(c, (c0 + 3 * ldc) + 3 * L);
        FloatVector.fromArray(S, c, (c0 + 4 * L) + 0 * L).add(s04).intoArray(c, (c0 + 4 * L) + 0 * L); FloatVector.fromArray(S, c, (c0 + 4 * L) + 1 * L).add(s05).intoArray(c, (c0 + 4 * L) + 1 * L); FloatVector.fromArray(S, c, (c0 + ldc + 4 * L) + 0 * L).add(s14).intoArray(c, (c0 + ldc + 4 * L) + 0 * L); FloatVector.fromArray(S, c, (c0 + ldc + 4 * L) + 1 * L).add(s15).intoArray(c, (c0 + ldc + 4 * L) + 1 * L);
        FloatVector.fromArray(S, c, (c0 + 2 * ldc + 4 * L) + 0 * L).add(s24).intoArray(c, (c0 + 2 * ldc + 4 * L) + 0 * L); FloatVector.fromArray(S, c, (c0 + 2 * ldc + 4 * L) + 1 * L).add(s25).intoArray(c, (c0 + 2 * ldc + 4 * L) + 1 * L); FloatVector.fromArray(S, c, (c0 + 3 * ldc + 4 * L) + 0 * L).add(s34).intoArray(c, (c0 + 3 * ldc + 4 * L) + 0 * L); FloatVector.fromArray(S, c, (c0 + 3 * ldc + 4 * L) + 1 * L).add(s35).intoArray(c, (c0 + 3 * ldc + 4 * L) + 1 * L);
    }
    static void v7(int kb, float[] a, int a0, int a1, int a2, int a3, float[] b, int b0, int bRs, float[] c, int c0, int ldc) {
        FloatVector s00 = FloatVector.zero(S), s01 = s00, s02 = s00, s03 = s00, s04 = s00, s05 = s00;
        FloatVector s10 = s00, s11 = s00, s12 = s00, s13 = s00, s14 = s00, s15 = s00;
        FloatVector s20 = s00, s21 = s00, s22 = s00, s23 = s00, s24 = s00, s25 = s00;
        FloatVector s30 = s00, s31 = s00, s32 = s00, s33 = s00, s34 = s00, s35 = s00;
        int bi = b0; int ai = 0;
        for (int q = 0; q < kb; q++) {
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + q]), x1 = FloatVector.broadcast(S, a[a1 + q]);
            FloatVector x2 = FloatVector.broadcast(S, a[a2 + q]), x3 = FloatVector.broadcast(S, a[a3 + q]);
            FloatVector v = FloatVector.fromArray(S, b, bi);
            s00 = x0.fma(v, s00); s10 = x1.fma(v, s10); s20 = x2.fma(v, s20); s30 = x3.fma(v, s30);
            v = FloatVector.fromArray(S, b, bi + L);
            s01 = x0.fma(v, s01); s11 = x1.fma(v, s11); s21 = x2.fma(v, s21); s31 = x3.fma(v, s31);
            v = FloatVector.fromArray(S, b, bi + 2 * L);
            s02 = x0.fma(v, s02); s12 = x1.fma(v, s12); s22 = x2.fma(v, s22); s32 = x3.fma(v, s32);
            v = FloatVector.fromArray(S, b, bi + 3 * L);
            s03 = x0.fma(v, s03); s13 = x1.fma(v, s13); s23 = x2.fma(v, s23); s33 = x3.fma(v, s33);
            v = FloatVector.fromArray(S, b, bi + 4 * L);
            s04 = x0.fma(v, s04); s14 = x1.fma(v, s14); s24 = x2.fma(v, s24); s34 = x3.fma(v, s34);
            v = FloatVector.fromArray(S, b, bi + 5 * L);
            s05 = x0.fma(v, s05); s15 = x1.fma(v, s15); s25 = x2.fma(v, s25); s35 = x3.fma(v, s35);
            bi += bRs;
        }
        FloatVector.fromArray(S, c, (c0) + 0 * L).add(s00).intoArray(c, (c0) + 0 * L); FloatVector.fromArray(S, c, (c0) + 1 * L).add(s01).intoArray(c, (c0) + 1 * L); FloatVector.fromArray(S, c, (c0) + 2 * L).add(s02).intoArray(c, (c0) + 2 * L); FloatVector.fromArray(S, c, (c0) + 3 * L).add(s03).intoArray(c, (c0) + 3 * L); FloatVector.fromArray(S, c, (c0 + ldc) + 0 * L).add(s10).intoArray(c, (c0 + ldc) + 0 * L); FloatVector.fromArray(S, c, (c0 + ldc) + 1 * L).add(s11).intoArray(c, (c0 + ldc) + 1 * L); FloatVector.fromArray(S, c, (c0 + ldc) + 2 * L).add(s12).intoArray(c, (c0 + ldc) + 2 * L); FloatVector.fromArray(S, c, (c0 + ldc) + 3 * L).add(s13).intoArray(c, (c0 + ldc) + 3 * L);
        FloatVector.fromArray(S, c, (c0 + 2 * ldc) + 0 * L).add(s20).intoArray(c, (c0 + 2 * ldc) + 0 * L); FloatVector.fromArray(S, c, (c0 + 2 * ldc) + 1 * L).add(s21).intoArray(c, (c0 + 2 * ldc) + 1 * L); FloatVector.fromArray(S, c, (c0 + 2 * ldc) + 2 * L).add(s22).intoArray(c, (c0 + 2 * ldc) + 2 * L); FloatVector.fromArray(S, c, (c0 + 2 * ldc) + 3 * L).add(s23).intoArray(c, (c0 + 2 * ldc) + 3 * L); FloatVector.fromArray(S, c, (c0 + 3 * ldc) + 0 * L).add(s30).intoArray(c, (c0 + 3 * ldc) + 0 * L); FloatVector.fromArray(S, c, (c0 + 3 * ldc) + 1 * L).add(s31).intoArray(c, (c0 + 3 * ldc) + 1 * L); FloatVector.fromArray(S, c, (c0 + 3 * ldc) + 2 * L).add(s32).intoArray(c, (c0 + 3 * ldc) + 2 * L); FloatVector.fromArray(S, c, (c0 + 3 * ldc) + 3 * L).add(s33).intoArray(c, (c0 + 3 * ldc) + 3 * L);
        FloatVector.fromArray(S, c, (c0 + 4 * L) + 0 * L).add(s04).intoArray(c, (c0 + 4 * L) + 0 * L); FloatVector.fromArray(S, c, (c0 + 4 * L) + 1 * L).add(s05).intoArray(c, (c0 + 4 * L) + 1 * L); FloatVector.fromArray(S, c, (c0 + ldc + 4 * L) + 0 * L).add(s14).intoArray(c, (c0 + ldc + 4 * L) + 0 * L); FloatVector.fromArray(S, c, (c0 + ldc + 4 * L) + 1 * L).add(s15).intoArray(c, (c0 + ldc + 4 * L) + 1 * L);
        FloatVector.fromArray(S, c, (c0 + 2 * ldc + 4 * L) + 0 * L).add(s24).intoArray(c, (c0 + 2 * ldc + 4 * L) + 0 * L); FloatVector.fromArray(S, c, (c0 + 2 * ldc + 4 * L) + 1 * L).add(s25).intoArray(c, (c0 + 2 * ldc + 4 * L) + 1 * L); FloatVector.fromArray(S, c, (c0 + 3 * ldc + 4 * L) + 0 * L).add(s34).intoArray(c, (c0 + 3 * ldc + 4 * L) + 0 * L); FloatVector.fromArray(S, c, (c0 + 3 * ldc + 4 * L) + 1 * L).add(s35).intoArray(c, (c0 + 3 * ldc + 4 * L) + 1 * L);
    }
    static void st2(float[] c, int o, FloatVector x0, FloatVector x1) {
        FloatVector.fromArray(S, c, o).add(x0).intoArray(c, o);
        FloatVector.fromArray(S, c, o + L).add(x1).intoArray(c, o + L);
    }
    // V3: v0 unrolled x2 in q, running indices, A rows as is
    static void v3(int kb, float[] a, int a0, int a1, int a2, int a3, int aCs, float[] b, int b0, int bRs, float[] c, int c0, int ldc) {
        FloatVector s00 = FloatVector.zero(S), s01 = s00, s02 = s00, s03 = s00, s10 = s00, s11 = s00, s12 = s00, s13 = s00;
        FloatVector s20 = s00, s21 = s00, s22 = s00, s23 = s00, s30 = s00, s31 = s00, s32 = s00, s33 = s00;
        int bi = b0, ai = 0; int q = 0;
        for (; q < kb; q++) {
            FloatVector v0 = FloatVector.fromArray(S, b, bi), v1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector v2 = FloatVector.fromArray(S, b, bi + 2 * L), v3 = FloatVector.fromArray(S, b, bi + 3 * L);
            FloatVector x = FloatVector.broadcast(S, a[a0 + ai]);
            s00 = x.fma(v0, s00); s01 = x.fma(v1, s01); s02 = x.fma(v2, s02); s03 = x.fma(v3, s03);
            x = FloatVector.broadcast(S, a[a1 + ai]);
            s10 = x.fma(v0, s10); s11 = x.fma(v1, s11); s12 = x.fma(v2, s12); s13 = x.fma(v3, s13);
            x = FloatVector.broadcast(S, a[a2 + ai]);
            s20 = x.fma(v0, s20); s21 = x.fma(v1, s21); s22 = x.fma(v2, s22); s23 = x.fma(v3, s23);
            x = FloatVector.broadcast(S, a[a3 + ai]);
            s30 = x.fma(v0, s30); s31 = x.fma(v1, s31); s32 = x.fma(v2, s32); s33 = x.fma(v3, s33);
            bi += bRs; ai += aCs;
        }
        FloatVector.fromArray(S, c, (c0) + 0 * L).add(s00).intoArray(c, (c0) + 0 * L); FloatVector.fromArray(S, c, (c0) + 1 * L).add(s01).intoArray(c, (c0) + 1 * L); FloatVector.fromArray(S, c, (c0) + 2 * L).add(s02).intoArray(c, (c0) + 2 * L); FloatVector.fromArray(S, c, (c0) + 3 * L).add(s03).intoArray(c, (c0) + 3 * L); FloatVector.fromArray(S, c, (c0 + ldc) + 0 * L).add(s10).intoArray(c, (c0 + ldc) + 0 * L); FloatVector.fromArray(S, c, (c0 + ldc) + 1 * L).add(s11).intoArray(c, (c0 + ldc) + 1 * L); FloatVector.fromArray(S, c, (c0 + ldc) + 2 * L).add(s12).intoArray(c, (c0 + ldc) + 2 * L); FloatVector.fromArray(S, c, (c0 + ldc) + 3 * L).add(s13).intoArray(c, (c0 + ldc) + 3 * L);
        FloatVector.fromArray(S, c, (c0 + 2 * ldc) + 0 * L).add(s20).intoArray(c, (c0 + 2 * ldc) + 0 * L); FloatVector.fromArray(S, c, (c0 + 2 * ldc) + 1 * L).add(s21).intoArray(c, (c0 + 2 * ldc) + 1 * L); FloatVector.fromArray(S, c, (c0 + 2 * ldc) + 2 * L).add(s22).intoArray(c, (c0 + 2 * ldc) + 2 * L); FloatVector.fromArray(S, c, (c0 + 2 * ldc) + 3 * L).add(s23).intoArray(c, (c0 + 2 * ldc) + 3 * L); FloatVector.fromArray(S, c, (c0 + 3 * ldc) + 0 * L).add(s30).intoArray(c, (c0 + 3 * ldc) + 0 * L); FloatVector.fromArray(S, c, (c0 + 3 * ldc) + 1 * L).add(s31).intoArray(c, (c0 + 3 * ldc) + 1 * L); FloatVector.fromArray(S, c, (c0 + 3 * ldc) + 2 * L).add(s32).intoArray(c, (c0 + 3 * ldc) + 2 * L); FloatVector.fromArray(S, c, (c0 + 3 * ldc) + 3 * L).add(s33).intoArray(c, (c0 + 3 * ldc) + 3 * L);
    }

    static int K, N; static int BOFF = 0; static int SINK; static final int PD = Integer.getInteger("pd", 8); static final int KB = Integer.getInteger("kb", 256); static float[] A, B, C, P;
    static void run(int v) {
        int k = K, n = N;
        for (int q0 = 0; q0 < k; q0 += KB) {
            int kb = Math.min(KB, k - q0);
            if (v == 1 || v == 2 || v == 5) for (int q = 0; q < kb; q++) for (int r = 0; r < 4; r++) P[4 * q + r] = A[r * k + q0 + q];
            int j = 0;
            if (v == 2) {
                for (; j + 96 <= n; j += 96) v2(kb, P, B, BOFF + q0 * n + j, n, C, j, n);
            }
            if (v == 7) {
                for (; j + 96 <= n; j += 96) v7(kb, A, q0, k + q0, 2 * k + q0, 3 * k + q0, B, BOFF + q0 * n + j, n, C, j, n);
            }
            if (v == 6) {
                for (; j + 96 <= n; j += 96) v6(kb, A, q0, k + q0, 2 * k + q0, 3 * k + q0, B, BOFF + q0 * n + j, n, C, j, n);
            }
            for (; j + 64 <= n; j += 64) {
                switch (v) {
                    case 0 -> v0(kb, A, q0, k + q0, 2 * k + q0, 3 * k + q0, 1, B, BOFF + q0 * n + j, n, C, j, n);
                    case 1, 2 -> v1(kb, P, B, BOFF + q0 * n + j, n, C, j, n);
                    case 5 -> v5(kb, P, B, BOFF + q0 * n + j, n, C, j, n);
                    case 6, 7 -> v0(kb, A, q0, k + q0, 2 * k + q0, 3 * k + q0, 1, B, BOFF + q0 * n + j, n, C, j, n);
                    case 3 -> v3(kb, A, q0, k + q0, 2 * k + q0, 3 * k + q0, 1, B, BOFF + q0 * n + j, n, C, j, n);
                }
            }
            if (j != n) throw new AssertionError(j);
        }
    }
    public static void main(String[] args) {
        K = Integer.parseInt(args[0]); N = Integer.parseInt(args[1]); int rounds = Integer.parseInt(args[2]);
        String[] vs = args[3].split(",");
        java.util.Random r = new java.util.Random(1);
        A = new float[4 * K]; B = new float[K * N + 16]; C = new float[4 * N]; P = new float[4 * 4096];
        for (int i = 0; i < A.length; i++) A[i] = r.nextFloat() - .5f;
        for (int i = 0; i < B.length; i++) B[i] = r.nextFloat() - .5f;
        double flop = 2.0 * 4 * K * N;
        float[][] res = new float[vs.length][];
        for (int round = 0; round < rounds; round++) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < vs.length; i++) {
                int v = Integer.parseInt(vs[i]);
                sb.append(" v" + v + ":");
                for (int o = 0; o < 16; o++) {
                    BOFF = o;
                    long t0 = System.nanoTime(); int cnt = 0;
                    while (System.nanoTime() - t0 < 60_000_000L) { for (int z = 0; z < 20; z++) run(v); cnt += 20; }
                    sb.append(String.format(" %.0f", flop * cnt / (System.nanoTime() - t0)));
                }
            }
            System.out.println(sb);
        }
        for (int i = 1; i < vs.length; i++) {}
    }
}
