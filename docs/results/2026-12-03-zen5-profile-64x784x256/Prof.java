import dev.backflow.*;
public class Prof {
    public static void main(String[] a) {
        int m = Integer.parseInt(a[0]), k = Integer.parseInt(a[1]), n = Integer.parseInt(a[2]);
        String what = a[3]; double secs = Double.parseDouble(a[4]);
        BackwardKernels kern = Kernels.best();
        java.util.Random r = new java.util.Random(1);
        float[] dY = new float[m*n], x = new float[m*k], w = new float[k*n];
        for (int i=0;i<dY.length;i++) dY[i]=r.nextFloat()-0.5f;
        for (int i=0;i<x.length;i++) x[i]=r.nextFloat()-0.5f;
        for (int i=0;i<w.length;i++) w[i]=r.nextFloat()-0.5f;
        float[] dX = what.contains("x") ? new float[m*k] : null;
        float[] dW = what.contains("w") ? new float[k*n] : null;
        long end = System.nanoTime() + (long)(secs*1e9);
        double flop = 2.0*m*k*n*((dX!=null?1:0)+(dW!=null?1:0));
        while (System.nanoTime() < end) {
            long t0=System.nanoTime(); int c=0;
            while (System.nanoTime()-t0 < 500_000_000L) { kern.matmulBackward(dY, x, w, dX, dW, m, k, n); c++; }
            System.out.printf("%.1f GFLOP/s%n", flop*c/(System.nanoTime()-t0));
            if (dX!=null) java.util.Arrays.fill(dX,0); if (dW!=null) java.util.Arrays.fill(dW,0);
        }
    }
}
