package dev.backflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What core exports is decided, not accidental: the API and the two-type SPI to everyone, the internals to
 * Backflow's own simd module only. Read from the compiled module descriptor and classes.
 */
class ApiSurfaceTest {

    static Path classes() throws URISyntaxException {
        return Path.of(Kernels.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    @Test
    void exportsTheApiAndSpiToAllAndTheInternalsToSimdOnly() throws Exception {
        ModuleDescriptor core = ModuleFinder.of(classes()).find("dev.backflow.core").orElseThrow().descriptor();
        Map<String, Set<String>> exports = new TreeMap<>();
        for (ModuleDescriptor.Exports e : core.exports()) {
            exports.put(e.source(), e.isQualified() ? new TreeSet<>(e.targets()) : Set.of("*"));
        }
        assertEquals(Map.of("dev.backflow", Set.of("*"), "dev.backflow.spi", Set.of("*"),
                "dev.backflow.internal", Set.of("dev.backflow.simd")), exports);
    }

    @Test
    void theExportedPackagesHoldOnlyTheDocumentedPublicTypes() throws Exception {
        Set<String> exportedToAll = Set.of("dev.backflow", "dev.backflow.spi");
        assertEquals(Set.of("dev.backflow.BackwardKernels", "dev.backflow.Kernels",
                        "dev.backflow.spi.CheckedBackwardKernels", "dev.backflow.spi.KernelProvider"),
                publicTypes(exportedToAll));
    }

    private static Set<String> publicTypes(Set<String> packages) throws URISyntaxException, IOException {
        Path root = classes();
        try (Stream<Path> files = Files.walk(root)) {
            return files.map(root::relativize).map(Path::toString)
                    .filter(f -> f.endsWith(".class") && !f.equals("module-info.class")
                            && !f.endsWith("package-info.class"))
                    .map(f -> f.substring(0, f.length() - ".class".length()).replace('/', '.'))
                    .filter(name -> packages.contains(name.substring(0, name.lastIndexOf('.'))))
                    .filter(ApiSurfaceTest::isPublic)
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /** Public and, for a nested type, reachable: every enclosing type public too. */
    private static boolean isPublic(String name) {
        try {
            for (Class<?> c = Class.forName(name, false, ApiSurfaceTest.class.getClassLoader()); c != null;
                    c = c.getEnclosingClass()) {
                if (!Modifier.isPublic(c.getModifiers())) {
                    return false;
                }
            }
            return true;
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
