package dev.backflow.bench.harness;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/**
 * A Backflow build other than the bench jar's own, loaded from its core and simd jars by a class loader of
 * its own, so that one JVM can pair the current engine against another commit's. The loader's parent is the
 * platform class loader: the build sees the JDK (and jdk.incubator.vector, which the JVM must have been started
 * with) but none of the bench jar's classes, so its {@code dev.backflow.Kernels} finds its own providers only.
 * Its kernels are reached reflectively, as a user reaches them: {@code Kernels.best()} on one thread,
 * {@code Kernels.parallel(threads)} on more, then {@code BackwardKernels.matmulBackward} with offsets through a
 * method handle.
 *
 * <p>DIR holds one {@code backflow-core-*.jar} and one {@code backflow-simd-*.jar}, or is a built checkout
 * whose {@code core/target} and {@code simd/target} hold them ({@code ./mvnw -B -ntp -o -q -pl simd -am package
 * -DskipTests} there builds them).
 */
public final class JarBuild {

    private static final MethodType MATMUL_BACKWARD = MethodType.methodType(void.class, float[].class, int.class,
            float[].class, int.class, float[].class, int.class, float[].class, int.class, float[].class, int.class,
            int.class, int.class, int.class);

    private static final MethodType SGEMM = MethodType.methodType(void.class, boolean.class, boolean.class, int.class,
            int.class, int.class, float.class, float[].class, int.class, int.class, float[].class, int.class,
            int.class, float.class, float[].class, int.class, int.class);

    private final String option;
    private final Path dir;
    private final Class<?> kernels;
    private final Class<?> backwardKernels;
    private final String name;
    private final String description;

    private JarBuild(String option, Path dir, Class<?> kernels, Class<?> backwardKernels, String name,
                     String description) {
        this.option = option;
        this.dir = dir;
        this.kernels = kernels;
        this.backwardKernels = backwardKernels;
        this.name = name;
        this.description = description;
    }

    /** Loads the build in dirText; {@link BadInput} if its jars are missing or its kernels cannot be reached. */
    public static JarBuild load(String option, String dirText) {
        Path dir = Path.of(dirText).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new BadInput(option + " jar:" + dirText + ": no such directory");
        }
        Path core = jar(option, dir, "core");
        Path simd = jar(option, dir, "simd");
        URLClassLoader loader;
        try {
            loader = new URLClassLoader("backflow-build " + dir, new URL[] {core.toUri().toURL(), simd.toUri().toURL()},
                    ClassLoader.getPlatformClassLoader());
        } catch (MalformedURLException e) {
            throw new BadInput(option + " jar:" + dirText + ": " + e.getMessage());
        }
        try {
            Class<?> kernels = Class.forName("dev.backflow.Kernels", true, loader);
            Class<?> bk = Class.forName("dev.backflow.BackwardKernels", true, loader);
            Object best = invoke(kernels.getMethod("best"), null);
            String name = String.valueOf(invoke(bk.getMethod("name"), best));
            return new JarBuild(option, dir, kernels, bk, name, describe(loader, name));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            throw new BadInput(option + " jar:" + dirText + ": cannot reach the build's kernels: "
                    + Args.firstLine(String.valueOf(e.getMessage() == null ? e : e.getMessage())));
        }
    }

    /** The side's name in the report: "Backflow vector from /work/main". */
    public String label() {
        return "Backflow " + name + " from " + dir;
    }

    /** The name of the kernels {@code Kernels.best()} gives in this build: "vector", or "scalar" after a fallback. */
    public String kernelsName() {
        return name;
    }

    /** The build's provider's own description (its matmul blocking), or "" where it has none. */
    public String description() {
        return description;
    }

    /** The build's kernels on that many threads, as a peer. */
    public MatmulPeer peer(int threads) {
        Object k;
        try {
            k = threads == 1 ? invoke(kernels.getMethod("best"), null)
                    : invoke(kernels.getMethod("parallel", int.class), null, threads);
        } catch (NoSuchMethodException e) {
            throw new BadInput(option + " jar:" + dir + ": this build has no Kernels.parallel(int), so it runs on "
                    + "one thread only: pair it with --threads 1");
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the build in " + dir + " cannot hand out its kernels: " + e, e);
        }
        MethodHandle call;
        try {
            call = MethodHandles.publicLookup().findVirtual(backwardKernels, "matmulBackward", MATMUL_BACKWARD)
                    .bindTo(k);
        } catch (ReflectiveOperationException e) {
            throw new BadInput(option + " jar:" + dir + ": its BackwardKernels has no matmulBackward with offsets: "
                    + e);
        }
        MethodHandle sgemm;
        try {
            sgemm = MethodHandles.publicLookup().findVirtual(backwardKernels, "sgemm", SGEMM).bindTo(k);
        } catch (ReflectiveOperationException e) {
            sgemm = null; // a build from before sgemm: its matmulBackward can still be paired
        }
        return new Peer(call, sgemm, dir);
    }

    /** The build's kernels through method handles: matmulBackward always, sgemm where the build has it. */
    private record Peer(MethodHandle matmul, MethodHandle sgemm, Path dir) implements MatmulPeer {
        @Override
        public void run(Problem p, boolean dX, boolean dW) {
            float[] gx = dX ? p.dX() : null; // typed locals: invokeExact takes the static types of its arguments
            float[] gw = dW ? p.dW() : null;
            try {
                matmul.invokeExact(p.dY(), p.dYOff(), p.x(), p.xOff(), p.w(), p.wOff(), gx, p.dXOff(), gw, p.dWOff(),
                        p.m(), p.k(), p.n());
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }

        @Override
        public void gemm(GemmProblem g) {
            if (sgemm == null) {
                throw new IllegalStateException("the build in " + dir + " has no BackwardKernels.sgemm");
            }
            try {
                sgemm.invokeExact(g.transA(), g.transB(), g.m(), g.n(), g.k(), 1f, g.a(), g.aOff(), g.lda(), g.b(),
                        g.bOff(), g.ldb(), 1f, g.c(), g.cOff(), g.n());
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }
    }

    /**
     * The build's one-thread kernels' method of that name and type (without the receiver), bound to
     * {@code Kernels.best()}; {@link BadInput} where the build has no such method.
     */
    public MethodHandle kernel(String method, MethodType type) {
        try {
            Object best = invoke(kernels.getMethod("best"), null);
            return MethodHandles.publicLookup().findVirtual(backwardKernels, method, type).bindTo(best);
        } catch (ReflectiveOperationException e) {
            throw new BadInput(option + " jar:" + dir + ": its BackwardKernels has no " + method + type + ": " + e);
        }
    }

    private static Object invoke(Method m, Object target, Object... args) throws ReflectiveOperationException {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /** DIR's (or DIR/module/target's) one backflow-module-*.jar, leaving out sources, javadoc and test jars. */
    private static Path jar(String option, Path dir, String module) {
        for (Path where : List.of(dir, dir.resolve(module).resolve("target"))) {
            if (!Files.isDirectory(where)) {
                continue;
            }
            List<Path> found;
            try (Stream<Path> files = Files.list(where)) {
                found = files.filter(f -> {
                    String n = f.getFileName().toString();
                    return n.startsWith("backflow-" + module + "-") && n.endsWith(".jar")
                            && !n.matches(".*-(sources|javadoc|tests)\\.jar") && Files.isRegularFile(f);
                }).sorted().toList();
            } catch (IOException e) {
                throw new BadInput(option + " jar:" + dir + ": cannot list " + where + " (" + e.getMessage() + ")");
            }
            if (found.size() > 1) {
                throw new BadInput(option + " jar:" + dir + ": more than one backflow-" + module + " jar in " + where
                        + ": " + found.stream().map(f -> f.getFileName().toString()).toList());
            }
            if (found.size() == 1) {
                return found.get(0);
            }
        }
        throw new BadInput(option + " jar:" + dir + ": no backflow-" + module + "-*.jar in it or in its " + module
                + "/target (build it there: ./mvnw -B -ntp -q -pl simd -am package -DskipTests)");
    }

    /** What the build's own provider of that name says of itself, through its ServiceLoader; "" if nothing. */
    private static String describe(ClassLoader loader, String name) {
        try {
            Class<?> spi = Class.forName("dev.backflow.spi.KernelProvider", true, loader);
            Method providerName = spi.getMethod("name");
            Method describe = spi.getMethod("describe");
            for (Object p : ServiceLoader.load(spi, loader)) {
                if (name.equals(providerName.invoke(p))) {
                    return String.valueOf(describe.invoke(p));
                }
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // an older build without describe(): the label alone names it
        }
        return "";
    }
}
