package io.mosaic.tenant.provisioning;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * {@link ProvisioningStates} as one properties file per tenant ({@code <dir>/<tenant>.provisioning}), each write
 * going to a temporary file that is forced to disk and moved over the old one, so a crash leaves either the old or
 * the new state. For the embedded default (one server process); thread-safe within it.
 */
public final class FileProvisioningStates implements ProvisioningStates {
    private static final String SUFFIX = ".provisioning";

    private final Path dir;

    public FileProvisioningStates(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("provisioning state directory " + dir + " cannot be created", e);
        }
    }

    @Override
    public synchronized Optional<TenantState> find(String tenant) {
        Path file = dir.resolve(tenant + SUFFIX);
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException absent) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("provisioning state " + file + " cannot be read", e);
        }
        return Optional.of(parse(file, tenant, properties));
    }

    @Override
    public synchronized void save(TenantState state) {
        Properties properties = new Properties();
        properties.setProperty("phase", state.phase().name());
        properties.setProperty("updated-at", state.updatedAt().toString());
        state.steps().forEach((step, value) -> {
            properties.setProperty(step.name() + ".status", value.status().name());
            properties.setProperty(step.name() + ".detail", value.detail());
            properties.setProperty(step.name() + ".at", value.at().toString());
        });
        Path file = dir.resolve(state.tenant() + SUFFIX);
        Path temp = dir.resolve(state.tenant() + SUFFIX + ".tmp");
        try {
            try (Writer writer = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                properties.store(writer, "provisioning state of tenant " + state.tenant());
            }
            try (var channel = java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("provisioning state " + file + " cannot be written", e);
        }
    }

    @Override
    public List<TenantState> all() {
        List<String> tenants = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(SUFFIX)).sorted()
                    .forEach(n -> tenants.add(n.substring(0, n.length() - SUFFIX.length())));
        } catch (IOException e) {
            throw new UncheckedIOException("provisioning state directory " + dir + " cannot be listed", e);
        }
        return tenants.stream().map(this::find).flatMap(Optional::stream).toList();
    }

    private static TenantState parse(Path file, String tenant, Properties properties) {
        try {
            Map<ProvisioningStep, TenantState.Step> steps = new EnumMap<>(ProvisioningStep.class);
            for (ProvisioningStep step : ProvisioningStep.values()) {
                steps.put(step, new TenantState.Step(
                        TenantState.Status.valueOf(required(file, properties, step.name() + ".status")),
                        properties.getProperty(step.name() + ".detail", ""),
                        Instant.parse(required(file, properties, step.name() + ".at"))));
            }
            return new TenantState(tenant, TenantState.Phase.valueOf(required(file, properties, "phase")), steps,
                    Instant.parse(required(file, properties, "updated-at")));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new IllegalStateException("provisioning state " + file + " is damaged: " + e.getMessage(), e);
        }
    }

    private static String required(Path file, Properties properties, String key) {
        String value = properties.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException("provisioning state " + file + " has no '" + key + "'");
        }
        return value;
    }
}
