import jdk.incubator.vector.*;
public class Cp2 { 
  static final VectorSpecies<Float> S=FloatVector.SPECIES_512;
  static void copy(float[] a, int off, int cs, int k, float[] rows){ for(int q=0;q<k;q++) rows[q]=a[off+q*cs]; }
  static void copy4(float[] a, int off, int cs, int k, float[] rows){ int q=0; int i=off;
    for(;q<=k-4;q+=4,i+=4*cs){ float v0=a[i],v1=a[i+cs],v2=a[i+2*cs],v3=a[i+3*cs]; rows[q]=v0;rows[q+1]=v1;rows[q+2]=v2;rows[q+3]=v3; }
    for(;q<k;q++,i+=cs) rows[q]=a[i]; }
  static void copyG(float[] a, int off, int cs, int k, float[] rows, int[] idx){ int q=0;
    for(;q<=k-16;q+=16) FloatVector.fromArray(S,a,off+q*cs,idx,0).intoArray(rows,q);
    for(;q<k;q++) rows[q]=a[off+q*cs]; }
  static void copyI(float[] a, int off, int cs, int k, float[] rows){ for(int q=0,i=off;q<k;q++,i+=cs) rows[q]=a[i]; }
  static void copy8(float[] a, int off, int cs, int k, float[] rows){ int q=0; int i=off;
    for(;q<=k-8;q+=8,i+=8*cs){ float v0=a[i],v1=a[i+cs],v2=a[i+2*cs],v3=a[i+3*cs],v4=a[i+4*cs],v5=a[i+5*cs],v6=a[i+6*cs],v7=a[i+7*cs]; rows[q]=v0;rows[q+1]=v1;rows[q+2]=v2;rows[q+3]=v3;rows[q+4]=v4;rows[q+5]=v5;rows[q+6]=v6;rows[q+7]=v7; }
    for(;q<k;q++,i+=cs) rows[q]=a[i]; }
  public static void main(String[] x){ int k=784, cs=Integer.parseInt(x[0]); boolean cold=x[1].equals("cold"); int v=Integer.parseInt(x[2]);
   float[] a=new float[k*cs+16], rows=new float[k], big=new float[200_000]; float s=0; int[] idx=new int[16]; for(int i=0;i<16;i++) idx[i]=i*cs;
   for(int rep=0;rep<8;rep++){ long tc=0; int N=20000;
     for(int it=0;it<N;it++){ if(cold){ for(int i=0;i<big.length;i+=16) s+=big[i]; }
       long t1=System.nanoTime(); if(v==0) copy(a,3,cs,k,rows); else if(v==1) copy4(a,3,cs,k,rows); else if(v==2) copyG(a,3,cs,k,rows,idx); else if(v==3) copyI(a,3,cs,k,rows); else copy8(a,3,cs,k,rows); tc+=System.nanoTime()-t1; s+=rows[it%k]; }
     if(rep==7) System.out.printf("cs %d %s v%d copy %.3f us%n", cs, x[1], v, tc/1e3/N); }
   if(s==1) System.out.println(s); } }
