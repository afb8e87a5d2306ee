package io.mosaic.messaging.pulsar;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.mosaic.messaging.EnvelopeHeader;
import io.mosaic.messaging.MessagingException;
import io.mosaic.sdk.PluginManifest;
import org.apache.pulsar.client.admin.PulsarAdmin;
import org.apache.pulsar.client.admin.PulsarAdminException;
import org.apache.pulsar.client.api.AuthenticationFactory;
import org.apache.pulsar.client.api.PulsarClientException;
import org.apache.pulsar.common.policies.data.AuthAction;
import org.apache.pulsar.common.policies.data.TenantInfo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Tenancy on Pulsar (docs/pulsar.md): platform tenant {@code t} = Pulsar tenant {@code t}; domain {@code d} =
 * namespace {@code t/d} with deduplication on; plugin installation {@code p} = role {@code t.p}, allowed to produce
 * on the namespace of every type it publishes and to consume from the namespace of every type it consumes, nothing
 * else. Tokens are HS256 JWTs with the role as subject, signed with the broker's secret key. Needs the superuser
 * role ({@code mosaic-platform}). Every operation is idempotent.
 */
public final class PulsarTenancy implements AutoCloseable {
    /** The platform's own role: the broker's superuser and the admin role of every tenant. */
    public static final String PLATFORM_ROLE = "mosaic-platform";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
    /** How long {@link #deleteTenant} retries the broker's transient refusals. */
    static final Duration DELETE_PATIENCE = Duration.ofSeconds(30);

    private final PulsarAdmin admin;
    private final MACSigner signer;

    private PulsarTenancy(PulsarAdmin admin, MACSigner signer) {
        this.admin = admin;
        this.signer = signer;
    }

    /**
     * @param adminUrl       the broker's REST admin URL
     * @param platformToken  a token of {@link #PLATFORM_ROLE}
     * @param secretKeyFile  the broker's token secret ({@code tokenSecretKey}, raw bytes, at least 32)
     */
    public static PulsarTenancy connect(String adminUrl, String platformToken, Path secretKeyFile) {
        MACSigner signer;
        try {
            byte[] secret = Files.readAllBytes(secretKeyFile);
            // SecretKeySpec copies the bytes, so the array can be cleared (MACSigner(byte[]) would keep it)
            signer = new MACSigner(new javax.crypto.spec.SecretKeySpec(secret, "HmacSHA256"));
            java.util.Arrays.fill(secret, (byte) 0);
        } catch (IOException e) {
            throw new MessagingException("cannot read the Pulsar token secret key " + secretKeyFile, e);
        } catch (JOSEException e) {
            throw new MessagingException("the Pulsar token secret key " + secretKeyFile + " cannot sign HS256 tokens: "
                    + e.getMessage(), e);
        }
        return new PulsarTenancy(admin(adminUrl, platformToken, Duration.ofSeconds(30)), signer);
    }

    static PulsarAdmin admin(String adminUrl, String token, Duration timeout) {
        int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1000, timeout.toMillis()));
        try {
            return PulsarAdmin.builder().serviceHttpUrl(adminUrl)
                    .authentication(AuthenticationFactory.token(token))
                    .connectionTimeout(millis, TimeUnit.MILLISECONDS)
                    .readTimeout(millis, TimeUnit.MILLISECONDS)
                    .requestTimeout(millis, TimeUnit.MILLISECONDS)
                    .build();
        } catch (PulsarClientException e) {
            throw new MessagingException("cannot create a Pulsar admin client for " + adminUrl, e);
        }
    }

    /** The role of a plugin installation: {@code <tenant>.<plugin id>}. */
    public static String roleOf(String tenant, PluginManifest manifest) {
        return requireName("tenant", tenant) + "." + manifest.plugin().id();
    }

    /** The namespace of a tenant's domain: {@code <tenant>/<domain>}. */
    public static String namespaceOf(String tenant, String domain) {
        return requireName("tenant", tenant) + "/" + requireName("domain", domain);
    }

    /** Creates the Pulsar tenant (administered by the platform role) and a namespace per domain, deduplication on. */
    public void provisionTenant(String tenant, Collection<String> domains) {
        ensureTenant(admin, tenant);
        for (String domain : domains) {
            ensureNamespace(admin, tenant, domain);
        }
    }

    /** Creates the tenant and the domain's namespace if they do not exist yet. */
    public void ensureDomain(String tenant, String domain) {
        ensureDomain(admin, tenant, domain);
    }

    static void ensureDomain(PulsarAdmin admin, String tenant, String domain) {
        ensureTenant(admin, tenant);
        ensureNamespace(admin, tenant, domain);
    }

    private static void ensureTenant(PulsarAdmin admin, String tenant) {
        requireName("tenant", tenant);
        try {
            if (admin.tenants().getTenants().contains(tenant)) {
                return;
            }
            Set<String> clusters = new HashSet<>(admin.clusters().getClusters());
            admin.tenants().createTenant(tenant, TenantInfo.builder().adminRoles(Set.of(PLATFORM_ROLE))
                    .allowedClusters(clusters).build());
        } catch (PulsarAdminException.ConflictException alreadyThere) {
            return; // created concurrently by another node
        } catch (PulsarAdminException e) {
            throw new MessagingException("cannot create Pulsar tenant '" + tenant + "': " + e.getMessage(), e);
        }
    }

    private static void ensureNamespace(PulsarAdmin admin, String tenant, String domain) {
        String namespace = namespaceOf(tenant, domain);
        try {
            if (!admin.namespaces().getNamespaces(tenant).contains(namespace)) {
                try {
                    admin.namespaces().createNamespace(namespace);
                } catch (PulsarAdminException.ConflictException createdMeanwhile) {
                    // another node was quicker: fine, the policy below is set all the same
                }
            }
            admin.namespaces().setDeduplicationStatus(namespace, true);
        } catch (PulsarAdminException e) {
            throw new MessagingException("cannot create Pulsar namespace '" + namespace + "': " + e.getMessage(), e);
        }
    }

    /**
     * Gives a plugin installation its role: produce on the namespaces of the types it publishes, consume on those
     * of the types it consumes (both where a domain appears in both lists). Creates missing namespaces.
     *
     * @return the role, {@code <tenant>.<plugin id>}
     */
    public String grantPlugin(String tenant, PluginManifest manifest) {
        String role = roleOf(tenant, manifest);
        for (Map.Entry<String, Set<AuthAction>> grant : actionsByDomain(manifest).entrySet()) {
            ensureDomain(tenant, grant.getKey());
            String namespace = namespaceOf(tenant, grant.getKey());
            try {
                admin.namespaces().grantPermissionOnNamespace(namespace, role, grant.getValue());
            } catch (PulsarAdminException e) {
                throw new MessagingException("cannot grant " + grant.getValue() + " on " + namespace + " to role '" + role
                        + "': " + e.getMessage(), e);
            }
        }
        return role;
    }

    /** Takes back every permission of a plugin installation's role (on uninstall). */
    public void revokePlugin(String tenant, PluginManifest manifest) {
        String role = roleOf(tenant, manifest);
        for (String domain : actionsByDomain(manifest).keySet()) {
            String namespace = namespaceOf(tenant, domain);
            try {
                admin.namespaces().revokePermissionsOnNamespace(namespace, role);
            } catch (PulsarAdminException.NotFoundException gone) {
                // the namespace is gone, and its permissions with it
            } catch (PulsarAdminException e) {
                throw new MessagingException("cannot revoke role '" + role + "' on " + namespace + ": " + e.getMessage(), e);
            }
        }
    }

    /** The permissions a manifest derives: namespace (by domain) to actions. */
    static Map<String, Set<AuthAction>> actionsByDomain(PluginManifest manifest) {
        Map<String, Set<AuthAction>> actions = new TreeMap<>();
        for (String type : manifest.publishes()) {
            actions.computeIfAbsent(EnvelopeHeader.domainOf(type), d -> EnumSet.noneOf(AuthAction.class)).add(AuthAction.produce);
        }
        for (String type : manifest.consumes()) {
            actions.computeIfAbsent(EnvelopeHeader.domainOf(type), d -> EnumSet.noneOf(AuthAction.class)).add(AuthAction.consume);
        }
        return actions;
    }

    /** The permissions the broker holds for {@code role} on the tenant's namespaces (for checks and the admin UI). */
    public Map<String, Set<AuthAction>> permissionsOf(String tenant, String role) {
        Map<String, Set<AuthAction>> result = new TreeMap<>();
        try {
            for (String namespace : admin.namespaces().getNamespaces(tenant)) {
                Set<AuthAction> actions = admin.namespaces().getPermissions(namespace).get(role);
                if (actions != null && !actions.isEmpty()) {
                    result.put(namespace, Set.copyOf(actions));
                }
            }
        } catch (PulsarAdminException e) {
            throw new MessagingException("cannot read the permissions of role '" + role + "' in tenant '" + tenant + "': "
                    + e.getMessage(), e);
        }
        return result;
    }

    /** A token for {@code role} that does not expire (revoke by taking the role's permissions back). */
    public String tokenFor(String role) {
        return token(role, Optional.empty());
    }

    /** A token for {@code role} valid for {@code lifetime}. */
    public String tokenFor(String role, Duration lifetime) {
        return token(role, Optional.of(Instant.now().plus(lifetime)));
    }

    private String token(String role, Optional<Instant> expiry) {
        Objects.requireNonNull(role, "role");
        if (role.isBlank()) {
            throw new IllegalArgumentException("role must not be blank");
        }
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject(role);
        expiry.ifPresent(at -> claims.expirationTime(Date.from(at)));
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new MessagingException("cannot sign a Pulsar token for role '" + role + "'", e);
        }
        return jwt.serialize();
    }

    /**
     * Deletes a tenant with all its namespaces, topics and subscriptions (tests; offboarding a bank).
     *
     * <p>A forced namespace delete races with the broker's own bundle bookkeeping right after a namespace was
     * created, loaded or deleted under the same name: the broker then answers 412 ("Invalid upper boundary for
     * bundle", its bundle cache not yet matching the namespace's policies) or 409 ("Cannot delete non empty
     * bundle", a topic still being unloaded). Both are transient, so those answers are retried for up to
     * {@link #DELETE_PATIENCE}; any other error, or the same one after that, fails the call.
     */
    public void deleteTenant(String tenant) {
        Instant giveUp = Instant.now().plus(DELETE_PATIENCE);
        long pauseMillis = 100;
        while (true) {
            try {
                if (!admin.tenants().getTenants().contains(tenant)) {
                    return;
                }
                for (String namespace : admin.namespaces().getNamespaces(tenant)) {
                    try {
                        admin.namespaces().deleteNamespace(namespace, true);
                    } catch (PulsarAdminException.NotFoundException goneMeanwhile) {
                        // deleted by an earlier attempt whose answer was the transient error
                    }
                }
                admin.tenants().deleteTenant(tenant, true);
                return;
            } catch (PulsarAdminException.NotFoundException goneMeanwhile) {
                return;
            } catch (PulsarAdminException.PreconditionFailedException | PulsarAdminException.ConflictException e) {
                if (Instant.now().isAfter(giveUp)) {
                    throw new MessagingException("cannot delete Pulsar tenant '" + tenant + "' (still refused after "
                            + DELETE_PATIENCE.toSeconds() + " s): " + e.getMessage(), e);
                }
                pause(pauseMillis, tenant);
                pauseMillis = Math.min(pauseMillis * 2, 1_000);
            } catch (PulsarAdminException e) {
                throw new MessagingException("cannot delete Pulsar tenant '" + tenant + "': " + e.getMessage(), e);
            }
        }
    }

    private static void pause(long millis, String tenant) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MessagingException("interrupted while deleting Pulsar tenant '" + tenant + "'", e);
        }
    }

    /** The domains (namespaces) provisioned for a tenant. */
    public List<String> domainsOf(String tenant) {
        try {
            return admin.namespaces().getNamespaces(tenant).stream().map(ns -> ns.substring(ns.indexOf('/') + 1)).sorted().toList();
        } catch (PulsarAdminException.NotFoundException unknown) {
            return List.of();
        } catch (PulsarAdminException e) {
            throw new MessagingException("cannot list the namespaces of Pulsar tenant '" + tenant + "': " + e.getMessage(), e);
        }
    }

    private static String requireName(String what, String name) {
        Objects.requireNonNull(name, what);
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " '" + name + "' is not a Pulsar name (lower-case letters, digits, '-')");
        }
        return name;
    }

    @Override
    public void close() {
        admin.close();
    }
}
