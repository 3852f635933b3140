package dev.backflow.simd;

import java.io.File;
import java.lang.ref.WeakReference;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Child-JVM program for {@link RedeployTest}: deploys Backflow (core and simd) in a fresh class loader, as an
 * application server or a reloading test runner does, makes split calls through {@code Kernels.parallel(4)},
 * drops the loader, and does that three times. Arguments: {@code keep-alive} (wait for idle workers to end by
 * themselves) or {@code shutdown} (call {@code Kernels.shutdownWorkers()} before dropping each loader), then
 * the class path of core and simd. Prints {@code ok} once every loader has been collected and no worker thread
 * is left, or {@code leaked: ...} after 20 s.
 */
public final class RedeployChild {
    private RedeployChild() {}

    static final int CYCLES = 3;

    public static void main(String[] args) throws Exception {
        boolean shutdown = args[0].equals("shutdown");
        String[] path = args[1].split(File.pathSeparator);
        URL[] urls = new URL[path.length];
        for (int i = 0; i < path.length; i++) {
            urls[i] = Path.of(path[i]).toUri().toURL();
        }
        List<WeakReference<ClassLoader>> loaders = new ArrayList<>();
        for (int c = 0; c < CYCLES; c++) {
            loaders.add(deployUseAndDrop(urls, c, shutdown));
        }
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (true) {
            System.gc();
            int reachable = 0;
            for (WeakReference<ClassLoader> l : loaders) {
                reachable += l.get() != null ? 1 : 0;
            }
            int workers = liveWorkers();
            if (reachable == 0 && workers == 0) {
                System.out.println("ok");
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                System.out.println("leaked: " + reachable + " of " + CYCLES + " loaders reachable, " + workers
                        + " worker threads alive");
                return;
            }
            Thread.sleep(100);
        }
    }

    private static WeakReference<ClassLoader> deployUseAndDrop(URL[] urls, int cycle, boolean shutdown)
            throws Exception {
        URLClassLoader loader = new URLClassLoader("deployment-" + cycle, urls, ClassLoader.getPlatformClassLoader());
        Class<?> kernels = Class.forName("dev.backflow.Kernels", true, loader);
        Class<?> api = Class.forName("dev.backflow.BackwardKernels", true, loader);
        Class.forName("dev.backflow.internal.Split", true, loader)
                .getMethod("overrideGrainForTests", long.class).invoke(null, 1L); // so that small calls split
        Object k = kernels.getMethod("parallel", int.class).invoke(null, 4);
        int n = 4096;
        float[] dz = new float[n];
        for (int i = 0; i < n; i++) {
            dz[i] = i;
        }
        float[] dx = new float[n];
        float[] dy = new float[n];
        api.getMethod("addBackward", float[].class, float[].class, float[].class).invoke(k, dz, dx, dy);
        int s = 128; // the packed GEMM, split
        Method matmul = api.getMethod("matmulBackward", float[].class, float[].class, float[].class, float[].class,
                float[].class, int.class, int.class, int.class);
        float[][] operands = new float[5][s * s];
        matmul.invoke(k, operands[0], operands[1], operands[2], operands[3], operands[4], s, s, s);
        String name = (String) api.getMethod("name").invoke(k);
        if (dx[n - 1] != n - 1 || !name.equals("vector")) {
            throw new AssertionError("deployment " + cycle + ": dx[n-1] = " + dx[n - 1] + ", kernels " + name);
        }
        if (liveWorkers() == 0) {
            throw new AssertionError("deployment " + cycle + ": no worker thread ran: nothing was tested");
        }
        if (shutdown) {
            kernels.getMethod("shutdownWorkers").invoke(null);
        }
        loader.close();
        return new WeakReference<>(loader);
    }

    static int liveWorkers() {
        int n = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            n += t.getName().startsWith("backflow-worker-") ? 1 : 0;
        }
        return n;
    }
}
