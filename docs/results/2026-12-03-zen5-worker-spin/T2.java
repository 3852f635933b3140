import dev.backflow.*;
public class T2 { public static void main(String[] a) {
  int m=Integer.parseInt(a[0]),k=Integer.parseInt(a[1]),n=Integer.parseInt(a[2]); String what=a[3];
  java.util.Random r=new java.util.Random(1);
  float[] dY=new float[m*n],x=new float[m*k],w=new float[k*n]; for(int i=0;i<dY.length;i++)dY[i]=r.nextFloat()-.5f; for(int i=0;i<x.length;i++)x[i]=r.nextFloat()-.5f; for(int i=0;i<w.length;i++)w[i]=r.nextFloat()-.5f;
  float[] dX=what.contains("x")?new float[m*k]:null, dW=what.contains("w")?new float[k*n]:null;
  BackwardKernels[] ks={Kernels.parallel("vector",1),Kernels.parallel("vector",2)};
  double flop=2.0*m*k*n*((dX!=null?1:0)+(dW!=null?1:0));
  for(int rep=0;rep<6;rep++){ for(int t=0;t<2;t++){ long t0=System.nanoTime(); long c=0; while(System.nanoTime()-t0<300_000_000L){ ks[t].matmulBackward(dY,x,w,dX,dW,m,k,n); c++; }
    double us=(System.nanoTime()-t0)/1e3/c; System.out.printf("t%d %.1fus %.0f  ", t+1, us, flop/us/1e3); } System.out.println(); } } }
