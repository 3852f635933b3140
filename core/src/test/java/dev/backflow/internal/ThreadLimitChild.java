package dev.backflow.internal;

import dev.backflow.BackwardKernels;
import dev.backflow.Kernels;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Child-JVM program for {@link WorkersFaultTest}, run under a process thread limit ({@code ulimit -u}): it
 * starts idle threads until the OS refuses one, frees the room of two, then makes split calls that want 7 and
 * 255 workers. Prints {@code no limit} if no thread was refused (the limit is not enforced here), else
 * {@code calls ok workers=N} if every call gave the right result; then, with every idle thread gone and one
 * keep-alive later, {@code recovered workers=N} after one more call.
 */
public final class ThreadLimitChild {
    private ThreadLimitChild() {}

    public static void main(String[] args) throws Exception {
        Split.overrideGrainForTests(1);
        BackwardKernels k8 = Kernels.parallel("scalar", 8);
        BackwardKernels k256 = Kernels.parallel("scalar", Kernels.MAX_THREADS);
        CountDownLatch end = new CountDownLatch(1);
        List<Thread> idle = new ArrayList<>();
        try {
            while (idle.size() < 20_000) {
                Thread t = new Thread(() -> {
                    try {
                        end.await();
                    } catch (InterruptedException e) {
                        // freed: end
                    }
                });
                t.setDaemon(true);
                t.start();
                idle.add(t);
            }
            System.out.println("no limit");
            end.countDown();
            return;
        } catch (OutOfMemoryError e) {
            System.out.println("refused after " + idle.size() + " threads: " + e.getMessage());
        }
        for (int i = 0; i < 2; i++) { // room for two workers, of the 7 and 255 asked for
            Thread t = idle.remove(idle.size() - 1);
            t.interrupt();
            t.join();
        }
        int n = 64 * 512;
        float[] dz = new float[n];
        for (int i = 0; i < n; i++) {
            dz[i] = i * 0.25f;
        }
        float[] dx = new float[n];
        float[] dy = new float[n];
        int calls = 20;
        for (int c = 0; c < calls; c++) {
            (c % 2 == 0 ? k8 : k256).addBackward(dz, dx, dy);
        }
        for (int i = 0; i < n; i++) {
            if (dx[i] != calls * dz[i] || dy[i] != calls * dz[i]) {
                System.out.println("wrong result at " + i + ": " + dx[i] + ", " + dy[i]);
                return;
            }
        }
        System.out.println("calls ok workers=" + Workers.workerCount());
        end.countDown();
        for (Thread t : idle) {
            t.join();
        }
        Thread.sleep(Long.getLong(Kernels.KEEP_ALIVE_PROPERTY) + 200); // a refused start is retried after this
        k8.addBackward(dz, dx, dy);
        System.out.println("recovered workers=" + Workers.workerCount());
    }
}
