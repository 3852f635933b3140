package dev.backflow.simd;
public class TransposeProbe {
    public static void main(String[] a) throws Exception {
        float[] src = new float[16 * 256];
        float[] dst = new float[256 * 32];
        float[] scratch = new float[256];
        for (int i = 0; i < src.length; i++) src[i] = i;
        for (int round = 0; round < 8; round++) {
            long t0 = System.nanoTime(); long blocks = 0;
            while (System.nanoTime() - t0 < 300_000_000L) {
                for (int p = 0; p < 256; p += 16) {
                    Transpose.block(src, p, 256, dst, p * 32, 32, scratch);
                }
                blocks += 16;
            }
            double ns = (System.nanoTime() - t0) / (double) blocks;
            System.out.printf("block in L1: %.1f ns (%.1f floats/ns)%n", ns, 256 / ns);
        }
    }
}
