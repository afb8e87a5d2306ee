package io.mosaic.runtime;

import io.mosaic.eventstore.EmbeddedDatabase;
import io.mosaic.eventstore.Journal;
import io.mosaic.hsm.CachePolicy;
import io.mosaic.hsm.KeyAuditEvent;
import io.mosaic.hsm.KeyAuditListener;
import io.mosaic.hsm.KeyService;
import io.mosaic.hsm.KeyServices;
import io.mosaic.hsm.SoftwareKeyService;
import io.mosaic.messaging.Bus;
import io.mosaic.messaging.InJvmBus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * The platform assembled from its parts: one journal database, one key service, one bus, and a runtime per tenant.
 * {@link #embedded} wires the embedded default (H2 journal, software key store, in-JVM bus).
 */
public final class MosaicPlatform implements AutoCloseable {
    public static final String VERSION = "0.1.0";
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(MosaicPlatform.class.getName());
    private static final Pattern TENANT = Pattern.compile("[a-z][a-z0-9-]{1,30}");

    private final Path dataDir;
    private final PlatformStorage storage;
    private final KeyService keys;
    private final Bus bus;
    private final AuditTrail audit;
    
    private final Clock clock;
    private final Map<String, TenantRuntime> tenants = new ConcurrentHashMap<>();
    private volatile RuntimeObserver observer = RuntimeObserver.NONE;

    private MosaicPlatform(Path dataDir, PlatformStorage storage, KeyService keys, Bus bus, AuditTrail audit, Clock clock) {
        this.dataDir = dataDir;
        this.storage = storage;
        this.keys = keys;
        this.bus = bus;
        this.clock = clock;
        this.audit = audit;
    }

    /**
     * The embedded default under {@code dataDir}: {@code journal/} (H2), {@code keys/keystore.p12} (password from
     * {@code keyStorePassword}), {@code tenants/<id>/} (plugin frameworks).
     */
    public static MosaicPlatform embedded(Path dataDir, char[] keyStorePassword, Clock clock) {
        return embedded(dataDir, Map.of(), keyStorePassword, clock);
    }

    /**
     * As {@link #embedded(Path, char[], Clock)}, with the key backend chosen by {@code keyConfig} (the flattened
     * {@code keys} node of docs/keys.md, e.g. {@code backend=pkcs11}, {@code pkcs11.library}, {@code pkcs11.tokens},
     * {@code pkcs11.pin-env}); empty = the software key store under {@code dataDir/keys}. Key events (a tenant key
     * created, keys destroyed or rotated, a token failed) go to the tenant's audit trail.
     */
    /** The data folder (journal, key store, plugin frameworks) is for the server's user only: mode 0700. */
    static void ownerOnly(Path dataDir) throws IOException {
        try {
            Files.setPosixFilePermissions(dataDir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException notPosix) {
            // a file system without POSIX permissions: its own access control applies
        }
    }

    public static MosaicPlatform embedded(Path dataDir, Map<String, String> keyConfig, char[] keyStorePassword, Clock clock) {
        try {
            Files.createDirectories(dataDir.resolve("keys"));
            ownerOnly(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + dataDir, e);
        }
        return create(dataDir, PlatformStorage.of(EmbeddedDatabase.open(dataDir.resolve("journal"))), new InJvmBus(),
                keyConfig, keyStorePassword, clock);
    }

    /**
     * The platform on the given storage and bus (the real stack: Cassandra, Pulsar); keys as in
     * {@link #embedded(Path, Map, char[], Clock)}. The platform closes storage and bus when it closes.
     */
    public static MosaicPlatform create(Path dataDir, PlatformStorage db, Bus bus, Map<String, String> keyConfig,
                                        char[] keyStorePassword, Clock clock) {
        try {
            Files.createDirectories(dataDir.resolve("keys"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + dataDir, e);
        }
        // the key service reports its events to the trail, and the trail signs its checkpoints with the key service
        AtomicReference<KeyService> openedKeys = new AtomicReference<>();
        AuditTrail audit = new AuditTrail(db.journal(), clock, AuditCheckpointKeys.later(openedKeys::get, clock));
        KeyAuditListener keyAudit = event -> recordKeyEvent(audit, event);
        KeyService keys;
        try {
            keys = keyConfig.getOrDefault("backend", "software").equals("software")
                    ? SoftwareKeyService.open(dataDir.resolve("keys/keystore.p12"), keyStorePassword, db.keys(), clock,
                    CachePolicy.defaults(), keyAudit)
                    : KeyServices.fromConfig(keyConfig, db.keys(), clock, keyAudit);
        } catch (RuntimeException e) {
            db.close();
            bus.close();
            throw e;
        }
        openedKeys.set(keys);
        return new MosaicPlatform(dataDir, db, keys, bus, audit, clock);
    }

    private static void recordKeyEvent(AuditTrail audit, KeyAuditEvent event) {
        switch (event) {
            case KeyAuditEvent.EntityKeysDestroyed e -> audit.record(e.tenant(), "keys-destroyed", "platform", "", e.entity(), "", "", "entity forgotten: data keys destroyed");
            case KeyAuditEvent.TenantKeyCreated e -> audit.record(e.kek().tenant(), "tenant-key-created", "platform", "", e.kek().toString(), "", "", "key-encryption key created");
            case KeyAuditEvent.TenantKeyRotated e -> audit.record(e.to().tenant(), "tenant-key-rotated", "platform", "", e.to().toString(), "", "",
                    "from " + e.from() + ", " + e.rewrapped() + " keys re-wrapped in " + e.took());
            case KeyAuditEvent.DataKeyRotated e -> audit.record(e.to().tenant(), "data-key-rotated", "platform", "", e.to().toString(), "", "", "new data key version");
            case KeyAuditEvent.KeyVersionRetired e -> audit.record(e.ref().tenant(), "key-retired", "platform", "", e.ref().toString(), "", "", "key version retired");
            case KeyAuditEvent.TokenFailed e -> LOG.warning("HSM token " + e.token() + " failed: " + e.reason());
            case KeyAuditEvent.TokenRecovered e -> LOG.info("HSM token " + e.token() + " is back");
        }
    }

    /** Creates the tenant's runtime (and its key-encryption key) if it does not run yet. */
    public synchronized TenantRuntime createTenant(String tenant) {
        if (!TENANT.matcher(tenant).matches()) {
            throw new PlatformException("tenant id '" + tenant + "' must be 2-31 lower-case letters, digits or '-', starting with a letter");
        }
        return tenants.computeIfAbsent(tenant, t -> {
            TenantRuntime runtime = new TenantRuntime(t, dataDir.resolve("tenants").resolve(t), bus, keys,
                    storage.journal(), storage.processed(), audit, clock, VERSION);
            runtime.observe(observer);
            return runtime;
        });
    }

    /**
     * Tells {@code observer} of every message a plugin takes and every audited refusal, in the running tenants and in
     * those created later (one observer: the last one set).
     */
    public synchronized void observe(RuntimeObserver observer) {
        this.observer = java.util.Objects.requireNonNull(observer, "observer");
        tenants.values().forEach(t -> t.observe(observer));
    }

    /** Stops a tenant's runtime and forgets it (its data stays until its keys are shredded). */
    public synchronized void removeTenant(String tenant) {
        TenantRuntime runtime = tenants.remove(tenant);
        if (runtime != null) {
            runtime.close();
        }
    }

    public io.mosaic.hsm.WrappedKeyRepository wrappedKeys() {
        return storage.keys();
    }

    public Optional<TenantRuntime> tenant(String tenant) {
        return Optional.ofNullable(tenants.get(tenant));
    }

    public Map<String, TenantRuntime> tenants() {
        return new TreeMap<>(tenants);
    }

    public Bus bus() {
        return bus;
    }

    public KeyService keys() {
        return keys;
    }

    public Journal journal() {
        return storage.journal();
    }

    @Override
    public synchronized void close() {
        tenants.values().forEach(TenantRuntime::close);
        tenants.clear();
        bus.close();
        keys.close();
        storage.close();
    }
}
