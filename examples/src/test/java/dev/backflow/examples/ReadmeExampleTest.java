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

    static final String SOURCE_MARKER = "<!-- example source: examples/src/main/java/dev/backflow/examples/TwoLayerNetwork.java -->";
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
        String source = Files.readString(Path.of(System.getProperty("backflow.example.source")), StandardCharsets.UTF_8);
        assertEquals(source, blockAfter(readme(), SOURCE_MARKER),
                "README.md's example differs from TwoLayerNetwork.java: copy the file into the README");
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
        List<String> shown = blockAfter(readme(), OUTPUT_MARKER).lines().map(ReadmeExampleTest::withoutCheckValue).toList();
        List<String> actual = TwoLayerNetworkTest.runMain().stream().map(ReadmeExampleTest::withoutCheckValue).toList();
        assertEquals(actual, shown, "README.md's example output differs from what the example prints");
    }

    @Test
    void readmeDependsOnThisVersion() throws IOException {
        String release = System.getProperty("backflow.version").replace("-SNAPSHOT", "");
        String readme = readme();
        assertTrue(readme.contains("<version>" + release + "</version>"), "Maven snippet: version " + release);
        assertTrue(readme.contains("\"dev.backflow:backflow-core:" + release + "\""), "Gradle snippet: core " + release);
        assertTrue(readme.contains("\"dev.backflow:backflow-simd:" + release + "\""), "Gradle snippet: simd " + release);
    }
}
