package dev.backflow.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.backflow.testing.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every relative link in the README points at a file that git tracks, so that a link never leads to a file
 * that exists only on the machine that wrote it (an ignored results folder, say).
 *
 * <p>Needs a git work tree and {@code git} on the PATH, which a clone has; anywhere else (a source archive) it
 * fails, saying so, unless {@value #NO_GIT} is set, in which case it checks only that each linked file exists.
 */
class ReadmeLinksTest {

    static final String NO_GIT = "backflow.test.noGit";

    /** An inline link or image, {@code [text](target "title")} or {@code ![alt](<target>)}. */
    private static final Pattern INLINE =
            Pattern.compile("!?\\[[^\\]]*]\\(\\s*(<[^>]*>|[^)\\s]+)(?:\\s+\"[^\"]*\")?\\s*\\)");
    /** A reference definition, {@code [label]: target}. */
    private static final Pattern REFERENCE = Pattern.compile("^\\s{0,3}\\[[^\\]]+]:\\s*(<[^>]*>|\\S+)");
    private static final Pattern CODE_SPAN = Pattern.compile("`[^`]*`");

    @Test
    void everyRelativeLinkInTheReadmePointsAtATrackedFile() throws Exception {
        Path top = workTreeTop();
        Path readme = (top != null ? top : repositoryRootWithoutGit()).resolve("README.md");
        List<String> targets = relativeTargets(Files.readString(readme));
        List<String> broken = new ArrayList<>();
        if (top != null) {
            Set<String> tracked = trackedFiles(top);
            for (String t : targets) {
                String path = normalise(t);
                boolean ok = tracked.contains(path) || tracked.stream().anyMatch(f -> f.startsWith(path + "/"));
                if (!ok) {
                    broken.add(t);
                }
            }
            assertEquals(List.of(), broken, "README links to files that git does not track (ignored or never added)");
        } else {
            for (String t : targets) {
                if (!Files.exists(readme.getParent().resolve(normalise(t)))) {
                    broken.add(t);
                }
            }
            assertEquals(List.of(), broken, "README links to files that do not exist");
        }
    }

    @Test
    void theParserFindsInlineImageAndReferenceLinksButNotCodeOrUrls() {
        String md = """
                See [the report](docs/a/report.md) and ![chart](docs/a/c.svg "title"), [top](#top),
                [web](https://example.com/x), [mail](mailto:a@b.c), `[code](not/a/link.md)` and [x](<b c.md>).
                ```sh
                [fenced](not/a/link.md)
                ```
                [ref]: docs/ref.md#part
                """;
        assertEquals(List.of("docs/a/report.md", "docs/a/c.svg", "b c.md", "docs/ref.md"), relativeTargets(md));
        assertEquals("docs/x.md", normalise("./docs/y/../x.md"));
    }

    /** The relative link targets of a markdown text, without their {@code #fragment}, in order. */
    static List<String> relativeTargets(String markdown) {
        List<String> out = new ArrayList<>();
        boolean fenced = false;
        for (String line : markdown.split("\n", -1)) {
            if (line.strip().startsWith("```") || line.strip().startsWith("~~~")) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                continue;
            }
            String text = CODE_SPAN.matcher(line).replaceAll("");
            Matcher ref = REFERENCE.matcher(text);
            if (ref.find()) {
                addIfRelative(ref.group(1), out);
                continue;
            }
            Matcher m = INLINE.matcher(text);
            while (m.find()) {
                addIfRelative(m.group(1), out);
            }
        }
        return out;
    }

    private static void addIfRelative(String target, List<String> out) {
        String t = target.startsWith("<") ? target.substring(1, target.length() - 1) : target;
        if (t.isEmpty() || t.startsWith("#") || t.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*") || t.startsWith("/")) {
            return; // an anchor in the README, a URL (http:, mailto:, ...), or a site-absolute path
        }
        int hash = t.indexOf('#');
        out.add(hash < 0 ? t : t.substring(0, hash));
    }

    /** The target as a path relative to the repository's top, with "/" separators, "." and ".." resolved. */
    static String normalise(String target) {
        return Path.of(target).normalize().toString().replace('\\', '/');
    }

    /** The top of the git work tree holding this module, or null if {@value #NO_GIT} is set and there is none. */
    private static Path workTreeTop() throws IOException, InterruptedException {
        String why;
        try {
            ChildJvm.Result r = git(Path.of("").toAbsolutePath(), "rev-parse", "--show-toplevel");
            if (r.exit() == 0) {
                return Path.of(r.out().strip());
            }
            why = "this is not a git work tree (git rev-parse said: " + r.err().strip() + ")";
        } catch (IOException e) {
            why = "git could not be run (" + e.getMessage() + ")";
        }
        if (Boolean.getBoolean(NO_GIT)) {
            return null;
        }
        fail("The README link check needs a git work tree and git on the PATH, but " + why
                + ". Run the tests in a clone, or pass -D" + NO_GIT + "=true to check only that linked files exist.");
        return null;
    }

    private static Path repositoryRootWithoutGit() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("README.md"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            fail("no README.md in " + Path.of("").toAbsolutePath() + " or any folder above it");
        }
        return dir;
    }

    private static Set<String> trackedFiles(Path top) throws IOException, InterruptedException {
        ChildJvm.Result r = git(top, "ls-files", "-z");
        assertEquals(0, r.exit(), "git ls-files failed: " + r.err());
        return new TreeSet<>(Arrays.asList(r.out().split("\0")));
    }

    /** Runs git in {@code dir}, failing the test if it takes more than 30 s. */
    private static ChildJvm.Result git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString()));
        cmd.addAll(List.of(args));
        return ChildJvm.run(30, cmd, Map.of());
    }
}
