package io.mosaic.tenant;

import com.fasterxml.jackson.core.JsonProcessingException;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads tenant descriptors from YAML. Unknown fields are errors; every problem of a file (or of a directory) is
 * collected and reported at once in a {@link TenantConfigException}, each with file, line and field.
 */
public final class TenantDescriptors {
    private TenantDescriptors() {
    }

    /** Reads one descriptor file. */
    public static TenantDescriptor load(Path yamlFile) {
        List<TenantConfigException.Problem> problems = new ArrayList<>();
        TenantDescriptor descriptor = read(yamlFile, problems);
        if (!problems.isEmpty()) {
            throw new TenantConfigException(problems);
        }
        return descriptor;
    }

    /**
     * Reads every {@code *.yaml} and {@code *.yml} file of a directory (not its subdirectories), sorted by id. Each
     * file must be named after its tenant's id ({@code demo.yaml} holds {@code id: demo}).
     */
    public static List<TenantDescriptor> loadAll(Path dir) {
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().endsWith(".yaml") || f.getFileName().toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new TenantConfigException(List.of(new TenantConfigException.Problem(dir, 0, "",
                    "cannot list the directory: " + e)));
        }
        List<TenantConfigException.Problem> problems = new ArrayList<>();
        List<TenantDescriptor> descriptors = new ArrayList<>();
        Map<String, Path> seen = new HashMap<>();
        Map<String, TenantDescriptor> portalDomains = new HashMap<>();
        for (Path file : files) {
            int before = problems.size();
            TenantDescriptor descriptor = read(file, problems);
            if (problems.size() > before) {
                continue;
            }
            String stem = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
            if (!stem.equals(descriptor.id())) {
                problems.add(new TenantConfigException.Problem(file, idLine(file), "id",
                        "id '" + descriptor.id() + "' differs from the file name (expected id: " + stem
                                + ", or rename the file to " + descriptor.id() + ".yaml)"));
            } else if (seen.containsKey(descriptor.id())) {
                problems.add(new TenantConfigException.Problem(file, idLine(file), "id",
                        "tenant '" + descriptor.id() + "' is also described in " + seen.get(descriptor.id())));
            } else if (descriptor.branding().domain().map(portalDomains::get).isPresent()) {
                String domain = descriptor.branding().domain().orElseThrow();
                problems.add(new TenantConfigException.Problem(file, line(file, "branding", "domain"),
                        "branding.domain", "portal domain '" + domain + "' is already used by tenant '"
                        + portalDomains.get(domain).id() + "' (in " + seen.get(portalDomains.get(domain).id())
                        + "); every tenant needs its own"));
            } else {
                seen.put(descriptor.id(), file);
                descriptor.branding().domain().ifPresent(domain -> portalDomains.put(domain, descriptor));
                descriptors.add(descriptor);
            }
        }
        if (files.isEmpty()) {
            problems.add(new TenantConfigException.Problem(dir, 0, "", "no tenant descriptors (*.yaml) found"));
        }
        if (!problems.isEmpty()) {
            throw new TenantConfigException(problems);
        }
        return descriptors.stream().sorted(Comparator.comparing(TenantDescriptor::id)).toList();
    }

    private static int idLine(Path file) {
        return line(file, "id");
    }

    /** The line of a field given by its path of keys; 0 when the file has no such field. */
    private static int line(Path file, String... keys) {
        List<TenantConfigException.Problem> ignored = new ArrayList<>();
        YamlNode node = parse(file, ignored);
        int line = 0;
        for (String key : keys) {
            if (!(node instanceof YamlNode.Mapping map) || !map.entries().containsKey(key)) {
                return 0;
            }
            line = map.entries().get(key).line();
            node = map.entries().get(key).value();
        }
        return line;
    }

    /** The descriptor, or null when problems were added. */
    private static TenantDescriptor read(Path file, List<TenantConfigException.Problem> problems) {
        int before = problems.size();
        YamlNode root = parse(file, problems);
        if (problems.size() > before) {
            return null;
        }
        if (root == null) {
            problems.add(new TenantConfigException.Problem(file, 0, "", "the file is empty"));
            return null;
        }
        return new DescriptorReader(file, problems).descriptor(root);
    }

    private static YamlNode parse(Path file, List<TenantConfigException.Problem> problems) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return YamlNode.parse(reader, (line, field) -> problems.add(new TenantConfigException.Problem(file, line,
                    field, "is given twice")));
        } catch (JsonProcessingException syntax) {
            int line = syntax.getLocation() == null ? 0 : syntax.getLocation().getLineNr();
            problems.add(new TenantConfigException.Problem(file, line, "", "is not valid YAML: "
                    + syntax.getOriginalMessage().lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("^") && !l.startsWith("in 'reader'"))
                    .collect(Collectors.joining(" "))));
            return null;
        } catch (IOException e) {
            problems.add(new TenantConfigException.Problem(file, 0, "", "cannot be read: " + e));
            return null;
        }
    }
}
