package io.mosaic.server;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The repository is the product: its code, documents, scripts and configuration speak of the product only. They
 * point at nothing outside the repository (a sibling folder, a path of the machine it was written on, design
 * documents that do not ship with it) and carry no notes about how the work was organised (numbered issues, notes
 * addressed to people). Every text file is read; each forbidden phrase is reported with its file and line.
 *
 * <p>The patterns are built from pieces so that this file does not match them itself.
 */
class RepositoryWordingTest {
    /** Text files by extension; besides these, the launcher script and what the CI folder holds. */
    private static final Set<String> EXTENSIONS = Set.of("java", "md", "ts", "tsx", "mjs", "yaml", "yml",
            "properties", "xml", "sh", "json", "html", "css", "sql", "cql", "template", "ftl", "txt");
    /** Build output, installed packages, version control, local run data and editor folders. */
    private static final Set<String> SKIPPED_FOLDERS = Set.of("target", "node_modules", ".git", "dist", ".mosaic",
            ".idea");
    private static final Set<String> SKIPPED_FILES = Set.of("package-lock.json");

    private record Rule(String name, Pattern pattern) {
    }

    private static final List<Rule> RULES = List.of(
            new Rule("a path into a sibling folder of the repository",
                    Pattern.compile(Pattern.quote(".." + "/" + "shared"))),
            new Rule("a path of the machine the repository was written on",
                    Pattern.compile(Pattern.quote("/" + "work" + "/"))),
            // the repository's own page is docs/architecture.md, in lower case
            new Rule("a design document that is not in the repository",
                    Pattern.compile("ARCHITECTURE" + "(\\.md| ?\u00a7)")),
            new Rule("a requirements document that is not in the repository",
                    Pattern.compile(Pattern.quote("requirements" + ".md"), Pattern.CASE_INSENSITIVE)),
            new Rule("a numbered issue",
                    Pattern.compile("\\b" + "issue" + "s? #?\\d+", Pattern.CASE_INSENSITIVE)),
            // Keycloak's own term, the notes of an authentication session, is the product's vocabulary
            new Rule("a note of a work session",
                    Pattern.compile("(?<!authentication[- ])(?<!keycloak )\\b" + "session" + " notes?\\b",
                            Pattern.CASE_INSENSITIVE)),
            new Rule("a note addressed to somebody",
                    Pattern.compile("\\b" + "TODO" + "\\(")),
            new Rule("a note addressed to somebody",
                    Pattern.compile("\\bthe " + "lead" + "\\b", Pattern.CASE_INSENSITIVE)),
            new Rule("a note about how the work was organised",
                    Pattern.compile("\\b" + "helper" + " session", Pattern.CASE_INSENSITIVE)));

    @Test
    void noTextFile_pointsOutsideTheRepository_orSpeaksOfHowTheWorkWasOrganised() throws IOException {
        Path root = repositoryRoot();
        List<String> hits = new ArrayList<>();
        int[] files = {0};
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                Path name = dir.getFileName();
                return !dir.equals(root) && name != null && SKIPPED_FOLDERS.contains(name.toString())
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile() && isText(root, file)) {
                    files[0]++;
                    check(root, file, hits);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        assertTrue(files[0] > 100, "only " + files[0] + " text files found under " + root);
        if (!hits.isEmpty()) {
            fail(hits.size() + " place(s) point outside the repository or speak of how the work was organised:\n"
                    + String.join("\n", hits));
        }
    }

    private static boolean isText(Path root, Path file) {
        String name = file.getFileName().toString();
        if (SKIPPED_FILES.contains(name)) {
            return false;
        }
        Path relative = root.relativize(file);
        if (name.equals("mosaic") || (relative.getNameCount() > 1 && relative.getName(0).toString().equals(".ci"))) {
            return true;
        }
        int dot = name.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1));
    }

    private static void check(Path root, Path file, List<String> hits) {
        String text;
        try {
            text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            for (Rule rule : RULES) {
                if (rule.pattern().matcher(lines[i]).find()) {
                    hits.add(root.relativize(file) + ":" + (i + 1) + ": " + rule.name() + ": " + lines[i].strip());
                }
            }
        }
    }

    /** The folder holding the launcher script and the parent pom, found upwards from the working directory. */
    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !(Files.isRegularFile(dir.resolve("mosaic")) && Files.isRegularFile(dir.resolve("pom.xml")))) {
            dir = dir.getParent();
        }
        assertNotNull(dir, "no folder with the mosaic script and pom.xml above " + Path.of("").toAbsolutePath());
        return dir;
    }
}
