package dev.backflow.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The report package runs without JMH (report and compare need neither JMH nor the Vector API): none of its
 * compiled classes names a JMH type or a class of the JMH suites' package. A class file names every type it
 * uses in its constant pool, as UTF-8 text, so a search of the bytes finds any reference.
 */
class NoJmhTest {

    @Test
    void noReportClassReferencesJmh() throws IOException, URISyntaxException {
        Path dir = Path.of(Report.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve(Report.class.getPackageName().replace('.', '/'));
        List<Path> classes;
        try (Stream<Path> files = Files.list(dir)) {
            classes = files.filter(f -> f.toString().endsWith(".class")).sorted().toList();
        }
        assertTrue(classes.size() >= 16, "expected the report package's classes in " + dir + ": " + classes);
        for (Path c : classes) {
            String bytes = new String(Files.readAllBytes(c), StandardCharsets.ISO_8859_1);
            for (String banned : List.of("org/openjdk/jmh", "dev/backflow/bench/jmh/")) {
                assertEquals(-1, bytes.indexOf(banned), c.getFileName() + " references " + banned);
            }
        }
    }
}
