import jdk.incubator.vector.*;
import java.lang.foreign.*;
import java.nio.ByteOrder;
public class TileAlign {
  static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
  static final int L = 16;
  static float run(int kc, float[] a, int aIdx, float[] b, int bIdx) {
    FloatVector z = FloatVector.zero(S), c00=z,c01=z,c10=z,c11=z,c20=z,c21=z,c30=z,c31=z,c40=z,c41=z,c50=z,c51=z;
    for (int p = 0; p < kc; p++) {
      int ai = aIdx + p * 6, bi = bIdx + p * 32;
      FloatVector b0 = FloatVector.fromArray(S, b, bi), b1 = FloatVector.fromArray(S, b, bi + L);
      FloatVector a0 = FloatVector.broadcast(S, a[ai]); c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01);
      FloatVector a1 = FloatVector.broadcast(S, a[ai+1]); c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11);
      FloatVector a2 = FloatVector.broadcast(S, a[ai+2]); c20 = a2.fma(b0, c20); c21 = a2.fma(b1, c21);
      FloatVector a3 = FloatVector.broadcast(S, a[ai+3]); c30 = a3.fma(b0, c30); c31 = a3.fma(b1, c31);
      FloatVector a4 = FloatVector.broadcast(S, a[ai+4]); c40 = a4.fma(b0, c40); c41 = a4.fma(b1, c41);
      FloatVector a5 = FloatVector.broadcast(S, a[ai+5]); c50 = a5.fma(b0, c50); c51 = a5.fma(b1, c51);
    }
    return c00.add(c01).add(c10).add(c11).add(c20).add(c21).add(c30).add(c31).add(c40).add(c41).add(c50).add(c51).reduceLanes(VectorOperators.ADD);
  }
  static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT;
  static float runSeg(int kc, MemorySegment a, long aIdx, MemorySegment b, long bIdx) {
    FloatVector z = FloatVector.zero(S), c00=z,c01=z,c10=z,c11=z,c20=z,c21=z,c30=z,c31=z,c40=z,c41=z,c50=z,c51=z;
    ByteOrder o = ByteOrder.LITTLE_ENDIAN;
    for (int p = 0; p < kc; p++) {
      long ai = aIdx + p * 24L, bi = bIdx + p * 128L;
      FloatVector b0 = FloatVector.fromMemorySegment(S, b, bi, o), b1 = FloatVector.fromMemorySegment(S, b, bi + 64, o);
      FloatVector a0 = FloatVector.broadcast(S, a.get(F, ai)); c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01);
      FloatVector a1 = FloatVector.broadcast(S, a.get(F, ai+4)); c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11);
      FloatVector a2 = FloatVector.broadcast(S, a.get(F, ai+8)); c20 = a2.fma(b0, c20); c21 = a2.fma(b1, c21);
      FloatVector a3 = FloatVector.broadcast(S, a.get(F, ai+12)); c30 = a3.fma(b0, c30); c31 = a3.fma(b1, c31);
      FloatVector a4 = FloatVector.broadcast(S, a.get(F, ai+16)); c40 = a4.fma(b0, c40); c41 = a4.fma(b1, c41);
      FloatVector a5 = FloatVector.broadcast(S, a.get(F, ai+20)); c50 = a5.fma(b0, c50); c51 = a5.fma(b1, c51);
    }
    return c00.add(c01).add(c10).add(c11).add(c20).add(c21).add(c30).add(c31).add(c40).add(c41).add(c50).add(c51).reduceLanes(VectorOperators.ADD);
  }
  public static void main(String[] x) {
    int kc = Integer.parseInt(x[0]);
    float[] a = new float[4 << 20], b = new float[4 << 20];
    for (int i = 0; i < a.length; i++) { a[i] = 1e-3f * (i % 7); b[i] = 1e-3f * (i % 5); }
    MemorySegment sa = Arena.global().allocate(4L << 22, 64), sb = Arena.global().allocate(4L << 22, 64);
    MemorySegment.copy(a, 0, sa, F, 0, 1 << 20); MemorySegment.copy(b, 0, sb, F, 0, 1 << 20);
    float sink = 0;
    for (int rep = 0; rep < 3; rep++) {
      StringBuilder sb2 = new StringBuilder();
      for (int off = -1; off < 16; off++) {
        long best = Long.MAX_VALUE;
        for (int t = 0; t < 200; t++) {
          long t0 = System.nanoTime();
          for (int r = 0; r < 20; r++) sink += off < 0 ? runSeg(kc, sa, 0, sb, 0) : run(kc, a, off, b, off);
          best = Math.min(best, System.nanoTime() - t0);
        }
        double flops = 20.0 * 12 * 16 * 2 * kc;
        sb2.append(String.format("%s:%.0f ", off < 0 ? "seg" : "" + off, flops / best));
      }
      System.out.println(sb2);
    }
    System.out.println(sink);
  }
}
