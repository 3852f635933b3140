import dev.backflow.internal.Workers;
public class WR { public static void main(String[] a) throws Exception {
  long partNs=Long.parseLong(a[0])*1000;
  for(int rep=0;rep<5;rep++){ for(int t=1;t<=2;t++){ int th=t; long[] lat=new long[4000];
    for(int i=0;i<lat.length;i++){ long s=System.nanoTime(); Workers.run(th,2,p->{ long e=System.nanoTime()+partNs; while(System.nanoTime()<e) Thread.onSpinWait(); }); lat[i]=System.nanoTime()-s; if (a.length>1) Thread.sleep(0, 200_000); }
    java.util.Arrays.sort(lat); System.out.printf("t%d p50 %.1fus p90 %.1fus   ", t, lat[2000]/1e3, lat[3600]/1e3); } System.out.println(); } } }
