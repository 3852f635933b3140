import dev.backflow.*;
public class G { public static void main(String[] a) {
  int m=Integer.parseInt(a[0]),k=Integer.parseInt(a[1]),n=Integer.parseInt(a[2]);
  BackwardKernels kern=Kernels.best(); java.util.Random r=new java.util.Random(1);
  float[] A=new float[m*k],B=new float[k*n],C=new float[m*n]; for(int i=0;i<A.length;i++)A[i]=r.nextFloat(); for(int i=0;i<B.length;i++)B[i]=r.nextFloat();
  for(int rep=0;rep<8;rep++){ long t0=System.nanoTime(); long c=0; while(System.nanoTime()-t0<500_000_000L){ for(int i=0;i<100;i++) kern.sgemm(false,false,m,n,k,1f,A,0,k,B,0,n,0f,C,0,n); c+=100;}
   System.out.printf("%.1f ", 2.0*m*n*k*c/(System.nanoTime()-t0)); } System.out.println(); } }
