import dev.backflow.*;
public class Tr {
    public static void main(String[] a) {
        int m = Integer.parseInt(a[0]), k = Integer.parseInt(a[1]), n = Integer.parseInt(a[2]); int rounds = Integer.parseInt(a[3]);
        // dX (m x k) = dY (m x n) . W^T, W k x n
        BackwardKernels kern = Kernels.best();
        java.util.Random r = new java.util.Random(1);
        float[] dY = new float[m*n], w = new float[k*n], dX = new float[m*k], dXt = new float[k*m];
        for (int i=0;i<dY.length;i++) dY[i]=r.nextFloat()-0.5f;
        for (int i=0;i<w.length;i++) w[i]=r.nextFloat()-0.5f;
        kern.sgemm(false,true,m,k,n,1f,dY,0,n,w,0,n,0f,dX,0,k);
        kern.sgemm(false,true,k,m,n,1f,w,0,n,dY,0,n,0f,dXt,0,m);
        boolean same = true; for (int i=0;i<m;i++) for (int j=0;j<k;j++) same &= Float.floatToRawIntBits(dX[i*k+j]) == Float.floatToRawIntBits(dXt[j*m+i]);
        System.out.println("same bits: " + same);
        double flop = 2.0*m*k*n;
        for (int rd = 0; rd < rounds; rd++) {
            long t0=System.nanoTime(); int c=0;
            while (System.nanoTime()-t0 < 200_000_000L) { kern.sgemm(false,true,m,k,n,1f,dY,0,n,w,0,n,1f,dX,0,k); c++; }
            double g1 = flop*c/(System.nanoTime()-t0);
            t0=System.nanoTime(); c=0;
            while (System.nanoTime()-t0 < 200_000_000L) { kern.sgemm(false,true,k,m,n,1f,w,0,n,dY,0,n,1f,dXt,0,m); c++; }
            double g2 = flop*c/(System.nanoTime()-t0);
            System.out.printf("NT %.0f  swapped %.0f  ratio %.3f%n", g1, g2, g2/g1);
        }
    }
}
