import java.util.concurrent.*;
public class Wake { public static void main(String[] a) throws Exception {
  ArrayBlockingQueue<Long> q=new ArrayBlockingQueue<>(16); long[] lat=new long[2000]; int[] idx={0};
  Thread t=new Thread(()->{ try { for(int i=0;i<lat.length;i++){ Long s=q.poll(10,TimeUnit.SECONDS); lat[i]=System.nanoTime()-s; } } catch(Exception e){} });
  t.setDaemon(true); t.start();
  for(int i=0;i<lat.length;i++){ Thread.sleep(0,500_000); long s=System.nanoTime(); q.offer(s); long e=System.nanoTime()+200_000; while(System.nanoTime()<e) Thread.onSpinWait(); }
  t.join(); java.util.Arrays.sort(lat); System.out.printf("wake latency us: p10 %.1f p50 %.1f p90 %.1f p99 %.1f%n", lat[200]/1e3, lat[1000]/1e3, lat[1800]/1e3, lat[1980]/1e3);
} }
