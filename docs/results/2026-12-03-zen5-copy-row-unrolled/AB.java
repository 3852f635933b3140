import dev.backflow.*;
public class AB { public static void main(String[] x) throws Exception {
  int m=Integer.parseInt(x[0]),k=784,n=256; int lda=8, ldb=791;
  java.lang.reflect.Field f=Class.forName("dev.backflow.simd.MatmulEngine").getField("EXP");
  f.setAccessible(true); BackwardKernels kern=Kernels.best(); java.util.Random r=new java.util.Random(1);
  float[] A1=new float[k*lda+16],B1=new float[n*ldb+16],C=new float[m*n+16];
  for(int i=0;i<A1.length;i++)A1[i]=r.nextFloat(); for(int i=0;i<B1.length;i++)B1[i]=r.nextFloat();
  double[] rs=new double[100]; int nr=0;
  for(int rep=0;rep<64;rep++){ double[] t=new double[2]; int first=rep%2;
    for(int s2=0;s2<2;s2++){ int side=s2^first; f.setBoolean(null, side==1);
      for(int i=0;i<50;i++) kern.sgemm(true,true,m,n,k,1f,A1,0,lda,B1,0,ldb,1f,C,0,n);
      long t0=System.nanoTime(); long c=0; while(System.nanoTime()-t0<100_000_000L){ for(int i=0;i<100;i++) kern.sgemm(true,true,m,n,k,1f,A1,0,lda,B1,0,ldb,1f,C,0,n); c+=100;}
      t[side]=(System.nanoTime()-t0)/(double)c; }
    if(rep>=4) rs[nr++]=t[0]/t[1];
  }
  java.util.Arrays.sort(rs,0,nr); System.out.printf("m=%d median old/new time ratio = new speedup %.4f (q25 %.4f q75 %.4f)%n", m, rs[nr/2], rs[nr/4], rs[3*nr/4]);
}}
