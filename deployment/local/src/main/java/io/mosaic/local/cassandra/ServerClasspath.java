package io.mosaic.local.cassandra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Cassandra server's classpath, resolved by Maven from {@code deployment/local/cassandra/pom.xml} once and cached
 * in {@code deployment/local/cassandra/target/server-classpath.txt}. The repository root is found by walking up
 * from the working directory (or from {@code -Dmosaic.root}) to the folder that holds that pom.
 */
final class ServerClasspath {
    static final String POM = "deployment/local/cassandra/pom.xml";

    private ServerClasspath() {
    }

    static Path repositoryRoot() {
        String configured = System.getProperty("mosaic.root", System.getenv("MOSAIC_ROOT"));
        if (configured != null && !configured.isBlank()) {
            Path root = Path.of(configured).toAbsolutePath().normalize();
            if (!Files.isRegularFile(root.resolve(POM))) {
                throw new CassandraLaunchException("mosaic.root " + root + " does not contain " + POM);
            }
            return root;
        }
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(POM))) {
                return dir;
            }
        }
        throw new CassandraLaunchException("cannot find the Mosaic repository root (a folder holding " + POM
                + ") above " + start + ": run from inside the repository or set -Dmosaic.root=<path>");
    }

    /** The server classpath, resolving it with Maven when the cache is missing or names a jar that is gone. */
    static String resolve(Path root) {
        Path cache = root.resolve("deployment/local/cassandra/target/server-classpath.txt");
        String cached = read(cache);
        if (cached != null && allJarsExist(cached)) {
            return cached;
        }
        System.out.println("[cassandra] resolving the cassandra-all 5.0.9 classpath with Maven (once) ...");
        List<String> command = new ArrayList<>(List.of(mvn(), "-B", "-q", "-f", root.resolve(POM).toString(),
                "dependency:build-classpath", "-Dmdep.outputFile=" + cache));
        try {
            Files.createDirectories(cache.getParent());
            Path log = cache.resolveSibling("resolve.log");
            Process maven = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!maven.waitFor(15, TimeUnit.MINUTES)) {
                maven.destroyForcibly();
                throw new CassandraLaunchException("Maven did not resolve the Cassandra classpath within 15 minutes; "
                        + "see " + log);
            }
            String resolved = read(cache);
            if (maven.exitValue() != 0 || resolved == null || !allJarsExist(resolved)) {
                throw new CassandraLaunchException("Maven failed to resolve the Cassandra classpath (exit "
                        + maven.exitValue() + "): " + String.join(" ", command) + "; see " + log);
            }
            return resolved;
        } catch (IOException e) {
            throw new CassandraLaunchException("cannot run Maven (" + String.join(" ", command) + "): " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CassandraLaunchException("interrupted while Maven resolved the Cassandra classpath", e);
        }
    }

    private static String mvn() {
        String home = System.getenv("MAVEN_HOME");
        if (home != null && Files.isExecutable(Path.of(home, "bin", "mvn"))) {
            return Path.of(home, "bin", "mvn").toString();
        }
        return "mvn";
    }

    private static String read(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8).trim() : null;
        } catch (IOException e) {
            throw new CassandraLaunchException("cannot read " + file + ": " + e, e);
        }
    }

    private static boolean allJarsExist(String classpath) {
        return !classpath.isEmpty() && classpath.contains("cassandra-all-5.0.9.jar")
                && Arrays.stream(classpath.split(java.io.File.pathSeparator)).allMatch(p -> Files.exists(Path.of(p)));
    }
}
