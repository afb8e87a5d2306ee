package io.mosaic.marketplace.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mosaic.eventstore.ConcurrencyConflict;
import io.mosaic.eventstore.EventData;
import io.mosaic.eventstore.Journal;
import io.mosaic.eventstore.StoredEvent;
import io.mosaic.marketplace.catalog.CatalogEvent.AppInstalled;
import io.mosaic.marketplace.catalog.CatalogEvent.AppUninstalled;
import io.mosaic.marketplace.catalog.CatalogEvent.Scope;
import io.mosaic.marketplace.catalog.CatalogEvent.VersionApproved;
import io.mosaic.marketplace.catalog.CatalogEvent.VersionOffered;
import io.mosaic.marketplace.catalog.CatalogEvent.VersionRejected;
import io.mosaic.marketplace.catalog.CatalogEvent.VersionSubmitted;
import io.mosaic.marketplace.catalog.CatalogEvent.VersionWithdrawn;
import io.mosaic.marketplace.catalog.CatalogException.Kind;
import io.mosaic.marketplace.metering.Money;
import io.mosaic.marketplace.packaging.PackageRefusal;
import io.mosaic.marketplace.packaging.PackageRefusal.Reason;
import io.mosaic.marketplace.packaging.PackageSigner;
import io.mosaic.marketplace.packaging.PackageVerifier;
import io.mosaic.marketplace.packaging.Verification;
import io.mosaic.sdk.PluginManifest;
import io.mosaic.sdk.ScopeRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The marketplace catalog: publishers submit signed versions of their apps, the platform operator reviews and
 * approves or rejects them, tenants get what is approved and offered to them. Event-sourced through the
 * {@link Journal} (platform space {@value #JOURNAL_TENANT}, streams {@code app/<id>} and {@code tenant-apps/<tenant>},
 * tag {@value #TAG}); the packages themselves are kept in a store directory ({@code <store>/<app>/<version>/}).
 * <p>
 * Every call first reads the events it has not seen, so several catalogs over one journal agree; a write that races
 * another node's write fails with {@link Kind#CONFLICT} and can be retried. Thread-safe (calls are serialized).
 */
public final class Catalog {
    /** The journal's tenant column for marketplace streams: not a valid tenant id, so no tenant can collide. */
    public static final String JOURNAL_TENANT = "_marketplace";
    public static final String TAG = "marketplace";
    private static final int BATCH = 500;

    private final Journal journal;
    private final PackageVerifier verifier;
    private final Path store;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    private final Map<String, Map<String, AppVersion>> versions = new TreeMap<>();
    private final Map<String, String> owners = new HashMap<>();
    private final List<Installation> installations = new ArrayList<>();
    private final Map<String, Long> sequences = new HashMap<>();
    private long offset;

    public Catalog(Journal journal, PackageVerifier verifier, Path store, Clock clock) {
        this.journal = Objects.requireNonNull(journal, "journal");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        try {
            Files.createDirectories(store);
        } catch (IOException e) {
            throw new UncheckedIOException("catalog store " + store + " cannot be created", e);
        }
    }

    // ---- publishers

    /** Submits a free version: the jar and its detached signature are copied into the store and verified there. */
    public Submission submit(Path jar, Path signature) {
        return submit(jar, signature, Optional.empty());
    }

    /** Submits a version that costs {@code pricePerUnit} per unit of complexity per client and month. */
    public Submission submit(Path jar, Path signature, Money pricePerUnit) {
        return submit(jar, signature, Optional.of(pricePerUnit));
    }

    private synchronized Submission submit(Path jar, Path signature, Optional<Money> price) {
        Path staging = store.resolve(".incoming").resolve(UUID.randomUUID().toString());
        try {
            Path stagedJar = staging.resolve(jar.getFileName().toString());
            Path stagedSignature = PackageSigner.signatureOf(stagedJar);
            Files.createDirectories(staging);
            if (Files.isRegularFile(jar)) {
                Files.copy(jar, stagedJar);
            }
            if (Files.isRegularFile(signature)) {
                Files.copy(signature, stagedSignature);
            }
            Verification verification = verifier.verify(stagedJar, stagedSignature);
            if (verification instanceof Verification.Refused refused) {
                return new Submission.Refused(refused.refusal());
            }
            Verification.Verified verified = (Verification.Verified) verification;
            catchUp();
            PluginManifest manifest = verified.manifest();
            String app = manifest.plugin().id();
            String version = manifest.plugin().version();
            String owner = owners.get(app);
            if (owner != null && !owner.equals(manifest.publisher())) {
                return refused("app '" + app + "' belongs to publisher '" + owner + "'; publisher '"
                        + manifest.publisher() + "' cannot submit versions of it (choose another app id)");
            }
            Optional<AppVersion> existing = version(app, version);
            if (existing.isPresent()) {
                if (existing.get().sha256().equals(verified.sha256())) {
                    return new Submission.Accepted(existing.get(), true);
                }
                return refused(app + "@" + version + " was already submitted with another jar (SHA-256 "
                        + existing.get().sha256() + "); a version never changes, submit a new version number");
            }
            Path target = versionDir(app, version);
            Files.createDirectories(target);
            Files.move(stagedJar, jarOf(app, version), StandardCopyOption.REPLACE_EXISTING);
            Files.move(stagedSignature, PackageSigner.signatureOf(jarOf(app, version)),
                    StandardCopyOption.REPLACE_EXISTING);
            append(appStream(app), new VersionSubmitted(app, version, manifest.publisher(), verified.sha256(),
                    manifest.domain(), manifest.entryClass(), manifest.consumes(), manifest.publishes(),
                    manifest.scopes().stream().map(s -> new Scope(s.scope(), s.reason())).toList(),
                    price.map(p -> p.amount().toPlainString()).orElse(""),
                    price.map(p -> p.currency().getCurrencyCode()).orElse("")));
            return new Submission.Accepted(version(app, version).orElseThrow(), false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the package " + jar.getFileName() + " in " + store, e);
        } finally {
            deleteRecursively(staging);
        }
    }

    // ---- review

    /** Versions waiting for review, oldest first. */
    public synchronized List<AppVersion> reviewQueue() {
        catchUp();
        return versions.values().stream().flatMap(v -> v.values().stream())
                .filter(v -> v.state() == VersionState.SUBMITTED)
                .sorted(Comparator.comparing(AppVersion::submittedAt)).toList();
    }

    public synchronized AppVersion approve(String app, String version, String reviewer, String note) {
        AppVersion current = expect(app, version, VersionState.SUBMITTED, "approve");
        requireText(reviewer, "reviewer");
        append(appStream(app), new VersionApproved(app, version, reviewer, note == null ? "" : note));
        return version(current.app(), current.version()).orElseThrow();
    }

    public synchronized AppVersion reject(String app, String version, String reviewer, String reason) {
        expect(app, version, VersionState.SUBMITTED, "reject");
        requireText(reviewer, "reviewer");
        requireText(reason, "a rejection needs a reason for the publisher; reason");
        append(appStream(app), new VersionRejected(app, version, reviewer, reason));
        return version(app, version).orElseThrow();
    }

    /** Takes an approved version off the market (for example a security problem); installed copies stay. */
    public synchronized AppVersion withdraw(String app, String version, String operator, String reason) {
        expect(app, version, VersionState.APPROVED, "withdraw");
        requireText(operator, "operator");
        requireText(reason, "a withdrawal needs a reason; reason");
        append(appStream(app), new VersionWithdrawn(app, version, operator, reason));
        return version(app, version).orElseThrow();
    }

    /** Offers the version only to these tenants (early access, pinning); an empty set offers it to all tenants. */
    public synchronized AppVersion offer(String app, String version, Set<String> tenants) {
        AppVersion current = find(app, version);
        if (current.state() == VersionState.REJECTED || current.state() == VersionState.WITHDRAWN) {
            throw new CatalogException(Kind.CONFLICT, current.ref() + " is " + stateName(current)
                    + " and cannot be offered");
        }
        append(appStream(app), new VersionOffered(app, version, new TreeSet<>(tenants).stream().toList()));
        return version(app, version).orElseThrow();
    }

    // ---- queries

    /** App ids, sorted. */
    public synchronized List<String> apps() {
        catchUp();
        return List.copyOf(versions.keySet());
    }

    /** The versions of an app in the order they were submitted; empty for an unknown app. */
    public synchronized List<AppVersion> versions(String app) {
        catchUp();
        return List.copyOf(versions.getOrDefault(app, Map.of()).values());
    }

    public synchronized Optional<AppVersion> version(String app, String version) {
        catchUp();
        return Optional.ofNullable(versions.getOrDefault(app, Map.of()).get(version));
    }

    /** What a tenant may install: approved versions offered to it, by app, in submission order. */
    public synchronized List<AppVersion> availableTo(String tenant) {
        catchUp();
        return versions.values().stream().flatMap(v -> v.values().stream())
                .filter(v -> v.state() == VersionState.APPROVED && v.offeredTo(tenant)).toList();
    }

    /** Whether the version may be installed at all (approved, and its stored package still verifies). */
    public synchronized Installability installable(String app, String version) {
        catchUp();
        AppVersion found = versions.getOrDefault(app, Map.of()).get(version);
        if (found == null) {
            return notInstallable("app '" + app + "' has no version '" + version + "' in the catalog"
                    + (versions.containsKey(app) ? " (versions: " + String.join(", ",
                    versions.get(app).keySet()) + ")" : ""));
        }
        if (found.state() != VersionState.APPROVED) {
            return notInstallable(found.ref() + " is " + stateName(found)
                    + "; only versions the operator approved are installable");
        }
        Path jar = jarOf(app, version);
        Verification again = verifier.verify(jar, PackageSigner.signatureOf(jar));
        if (again instanceof Verification.Refused refused) {
            return new Installability.NotInstallable(new PackageRefusal(refused.refusal().reason(),
                    "the stored package of " + found.ref() + " no longer verifies: " + refused.refusal().message()));
        }
        Verification.Verified verified = (Verification.Verified) again;
        if (!verified.sha256().equals(found.sha256())) {
            return new Installability.NotInstallable(new PackageRefusal(Reason.MODIFIED, "the stored package of "
                    + found.ref() + " (SHA-256 " + verified.sha256() + ") is not the one that was approved (SHA-256 "
                    + found.sha256() + ")"));
        }
        return new Installability.Installable(found, jar, PackageSigner.signatureOf(jar), verified.manifest());
    }

    /** {@link #installable(String, String)}, and offered to the tenant. */
    public synchronized Installability installable(String tenant, String app, String version) {
        Installability platformWide = installable(app, version);
        if (platformWide instanceof Installability.Installable ok && !ok.version().offeredTo(tenant)) {
            return notInstallable(ok.version().ref() + " is not offered to tenant '" + tenant + "'");
        }
        return platformWide;
    }

    // ---- installations (the runtime installs; the catalog records what each tenant has)

    /** Records that the tenant now runs this version (an upgrade or rollback replaces the previous one). */
    public synchronized Installation recordInstalled(String tenant, String app, String version) {
        if (installable(tenant, app, version) instanceof Installability.NotInstallable no) {
            throw new CatalogException(Kind.CONFLICT, "cannot record " + app + "@" + version + " as installed in tenant '"
                    + tenant + "': " + no.refusal().message());
        }
        append(tenantStream(tenant), new AppInstalled(tenant, app, version));
        return activeInstallation(tenant, app).orElseThrow();
    }

    public synchronized void recordUninstalled(String tenant, String app) {
        catchUp();
        if (activeInstallation(tenant, app).isEmpty()) {
            throw new CatalogException(Kind.NOT_FOUND, "app '" + app + "' is not installed in tenant '" + tenant + "'");
        }
        append(tenantStream(tenant), new AppUninstalled(tenant, app));
    }

    /** App id to installed version, for one tenant only. */
    public synchronized Map<String, String> installed(String tenant) {
        catchUp();
        Map<String, String> installed = new TreeMap<>();
        installations.stream().filter(i -> i.tenant().equals(tenant) && i.active())
                .forEach(i -> installed.put(i.app(), i.version()));
        return installed;
    }

    /** Every installation of the tenant, past and present, in time order (for metering). */
    public synchronized List<Installation> installationHistory(String tenant) {
        catchUp();
        return installations.stream().filter(i -> i.tenant().equals(tenant)).toList();
    }

    // ---- event sourcing

    private void append(String stream, CatalogEvent event) {
        catchUp();
        long expected = sequences.getOrDefault(stream, 0L);
        byte[] payload;
        try {
            payload = json.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("catalog event " + event + " cannot be written as JSON", e);
        }
        try {
            journal.append(JOURNAL_TENANT, stream, expected, List.of(new EventData(UUID.randomUUID(),
                    CatalogEvent.typeOf(event), 1, clock.instant(), "", payload, Set.of(TAG))));
        } catch (ConcurrencyConflict conflict) {
            catchUp();
            throw new CatalogException(Kind.CONFLICT, "the catalog stream " + stream
                    + " was changed by another node meanwhile; retry", conflict);
        }
        catchUp();
    }

    private void catchUp() {
        while (true) {
            List<StoredEvent> batch = journal.readByTag(JOURNAL_TENANT, TAG, offset, BATCH);
            if (batch.isEmpty()) {
                return;
            }
            for (StoredEvent stored : batch) {
                apply(decode(stored), stored.timestamp());
                sequences.merge(stored.persistenceId(), stored.sequence(), Math::max);
                offset = Math.max(offset, stored.offset());
            }
        }
    }

    private CatalogEvent decode(StoredEvent stored) {
        try {
            return json.readValue(stored.payload(), CatalogEvent.classOf(stored.type()));
        } catch (IOException e) {
            throw new CatalogException(Kind.INVALID, "catalog event " + stored.eventId() + " (" + stored.type()
                    + ") in " + stored.persistenceId() + " cannot be read: " + e.getMessage(), e);
        }
    }

    private void apply(CatalogEvent event, Instant at) {
        switch (event) {
            case VersionSubmitted s -> {
                owners.putIfAbsent(s.app(), s.publisher());
                Optional<Money> price = s.priceAmount().isEmpty() ? Optional.empty()
                        : Optional.of(Money.of(s.priceAmount(), s.priceCurrency()));
                versions.computeIfAbsent(s.app(), a -> new LinkedHashMap<>()).put(s.version(), new AppVersion(
                        s.app(), s.version(), s.publisher(), VersionState.SUBMITTED, s.sha256(), s.domain(),
                        s.entryClass(), s.consumes(), s.publishes(),
                        s.scopes().stream().map(x -> new ScopeRequest(x.scope(), x.reason())).toList(), price, at,
                        Optional.empty(), Optional.empty(), Optional.empty(), Set.of()));
            }
            case VersionApproved a -> decide(a.app(), a.version(), VersionState.APPROVED, a.reviewer(), a.note(), at);
            case VersionRejected r -> decide(r.app(), r.version(), VersionState.REJECTED, r.reviewer(), r.reason(), at);
            case VersionWithdrawn w -> decide(w.app(), w.version(), VersionState.WITHDRAWN, w.operator(), w.reason(), at);
            case VersionOffered o -> replace(o.app(), o.version(), v -> new AppVersion(v.app(), v.version(),
                    v.publisher(), v.state(), v.sha256(), v.domain(), v.entryClass(), v.consumes(), v.publishes(),
                    v.scopes(), v.pricePerUnit(), v.submittedAt(), v.reviewer(), v.decision(), v.decidedAt(),
                    Set.copyOf(o.tenants())));
            case AppInstalled i -> {
                close(i.tenant(), i.app(), at);
                installations.add(new Installation(i.tenant(), i.app(), i.version(), at, Optional.empty()));
            }
            case AppUninstalled u -> close(u.tenant(), u.app(), at);
        }
    }

    private void decide(String app, String version, VersionState state, String who, String text, Instant at) {
        replace(app, version, v -> new AppVersion(v.app(), v.version(), v.publisher(), state, v.sha256(), v.domain(),
                v.entryClass(), v.consumes(), v.publishes(), v.scopes(), v.pricePerUnit(), v.submittedAt(),
                Optional.of(who), text.isEmpty() ? Optional.empty() : Optional.of(text), Optional.of(at),
                v.offeredTo()));
    }

    private void replace(String app, String version, UnaryOperator<AppVersion> change) {
        Map<String, AppVersion> ofApp = versions.get(app);
        if (ofApp == null || !ofApp.containsKey(version)) {
            throw new CatalogException(Kind.INVALID, "catalog journal names " + app + "@" + version
                    + " before it was submitted");
        }
        ofApp.put(version, change.apply(ofApp.get(version)));
    }

    private void close(String tenant, String app, Instant at) {
        for (int i = 0; i < installations.size(); i++) {
            Installation installation = installations.get(i);
            if (installation.tenant().equals(tenant) && installation.app().equals(app) && installation.active()) {
                installations.set(i, new Installation(tenant, app, installation.version(), installation.from(),
                        Optional.of(at)));
            }
        }
    }

    // ---- helpers

    private Optional<Installation> activeInstallation(String tenant, String app) {
        return installations.stream().filter(i -> i.tenant().equals(tenant) && i.app().equals(app) && i.active())
                .findFirst();
    }

    private AppVersion find(String app, String version) {
        return version(app, version).orElseThrow(() -> new CatalogException(Kind.NOT_FOUND, "app '" + app
                + "' has no version '" + version + "' in the catalog"));
    }

    private AppVersion expect(String app, String version, VersionState state, String action) {
        AppVersion found = find(app, version);
        if (found.state() != state) {
            throw new CatalogException(Kind.CONFLICT, "cannot " + action + " " + found.ref() + ": it is "
                    + stateName(found) + " (only a version that is " + state.name().toLowerCase(Locale.ROOT)
                    + " can be)");
        }
        return found;
    }

    private static String stateName(AppVersion version) {
        String state = version.state().name().toLowerCase(Locale.ROOT);
        return version.decision().map(reason -> state + " (" + reason + ")").orElse(state);
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new CatalogException(Kind.INVALID, what + " must not be blank");
        }
    }

    private static Submission refused(String message) {
        return new Submission.Refused(new PackageRefusal(Reason.CATALOG, message));
    }

    private static Installability notInstallable(String message) {
        return new Installability.NotInstallable(new PackageRefusal(Reason.CATALOG, message));
    }

    private static String appStream(String app) {
        return "app/" + app;
    }

    private static String tenantStream(String tenant) {
        return "tenant-apps/" + tenant;
    }

    private Path versionDir(String app, String version) {
        return store.resolve(app).resolve(version);
    }

    private Path jarOf(String app, String version) {
        return versionDir(app, version).resolve(app + "-" + version + ".jar");
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the staging folder " + dir, e);
        }
    }
}
