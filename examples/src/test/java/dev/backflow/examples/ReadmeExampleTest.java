package dev.backflow.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README shows the example's source and output, and the coordinates to depend on: they must be what the
 * build has, so that what a reader copies is what the build compiled, ran and tested.
 */
class ReadmeExampleTest {

    static final String SOURCE_MARKER =
            "<!-- example source: examples/src/main/java/dev/backflow/examples/TwoLayerNetwork.java -->";
    static final String OUTPUT_MARKER = "<!-- example output -->";

    static String readme() throws IOException {
        return Files.readString(Path.of(System.getProperty("backflow.readme")), StandardCharsets.UTF_8);
    }

    /** The fenced block that starts on the line after {@code marker}. */
    static String blockAfter(String text, String marker) {
        int at = text.indexOf(marker);
        assertTrue(at >= 0, "README.md has no line " + marker);
        int open = text.indexOf('\n', at) + 1;
        assertTrue(text.startsWith("```", open), "README.md: no fenced block right after " + marker);
        int body = text.indexOf('\n', open) + 1;
        int close = text.indexOf("\n```\n", body - 1);
        assertTrue(close >= 0, "README.md: the block after " + marker + " is not closed");
        return text.substring(body, close + 1);
    }

    @Test
    void readmeShowsTheExampleSourceExactly() throws IOException {
        String source = Files.readString(Path.of(System.getProperty("backflow.example.source")),
                StandardCharsets.UTF_8);
        assertEquals(source, blockAfter(readme(), SOURCE_MARKER),
                "README.md's example differs from TwoLayerNetwork.java: copy the file into the README");
    }

    static final String POM_MARKER = "<!-- example pom: examples/pom.xml -->";
    static final String POM_START = "<!-- README: the application -->";
    static final String POM_END = "<!-- README end -->";

    /**
     * The lines of examples/pom.xml between the line {@value #POM_START} and the line {@value #POM_END}, less
     * their common indentation (the pom nests them three levels deeper than the README shows them).
     */
    static String pomSection() throws IOException {
        List<String> lines = Files.readAllLines(Path.of(System.getProperty("backflow.example.pom")),
                StandardCharsets.UTF_8);
        int start = lines.stream().map(String::strip).toList().indexOf(POM_START);
        int end = lines.stream().map(String::strip).toList().indexOf(POM_END);
        assertTrue(start >= 0 && end > start, "examples/pom.xml has no section " + POM_START + " ... " + POM_END);
        List<String> section = lines.subList(start + 1, end);
        int indent = section.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        StringBuilder out = new StringBuilder();
        for (String line : section) {
            out.append(line.isBlank() ? "" : line.substring(indent)).append('\n');
        }
        return out.toString();
    }

    @Test
    void readmeShowsTheExamplePomsApplicationPluginExactly() throws IOException {
        String section = pomSection();
        assertEquals(section, blockAfter(readme(), POM_MARKER),
                "README.md's exec-maven-plugin block differs from examples/pom.xml's: copy that section into it");
        // what the section must hold for the README's claim: the JDK running Maven, not the PATH's java
        assertTrue(section.contains("<executable>${java.home}/bin/java</executable>"), section);
    }

    /**
     * The gradient check's last digits depend on matmul's summation order, which the contract leaves free (the
     * example's own test checks that value); every other line must be as shown.
     */
    static String withoutCheckValue(String line) {
        return line.replaceFirst("(finite difference\\| = ).*", "$1...");
    }

    @Test
    void readmeShowsTheExampleOutput() throws IOException {
        List<String> shown = blockAfter(readme(), OUTPUT_MARKER).lines().map(ReadmeExampleTest::withoutCheckValue)
                .toList();
        List<String> actual = TwoLayerNetworkTest.runMain().stream().map(ReadmeExampleTest::withoutCheckValue).toList();
        assertEquals(actual, shown, "README.md's example output differs from what the example prints");
    }

    @Test
    void readmeDependsOnThisVersion() throws IOException {
        String release = System.getProperty("backflow.version").replace("-SNAPSHOT", "");
        String readme = readme();
        assertTrue(readme.contains("<version>" + release + "</version>"), "Maven snippet: version " + release);
        assertTrue(readme.contains("\"dev.backflow:backflow-core:" + release + "\""),
                "Gradle snippet: core " + release);
        assertTrue(readme.contains("\"dev.backflow:backflow-simd:" + release + "\""),
                "Gradle snippet: simd " + release);
    }
}
