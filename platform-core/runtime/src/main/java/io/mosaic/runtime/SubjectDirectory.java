package io.mosaic.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mosaic.eventstore.ConcurrencyConflict;
import io.mosaic.eventstore.EventData;
import io.mosaic.eventstore.Journal;
import io.mosaic.eventstore.StoredEvent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who the people of a tenant are for the gate: each subject's platform roles and the owners (parties of a structure)
 * it is bound to: the owners a client holds as its own structure, the clients assigned to an advisor, and the owners
 * whose data a client shared with a family member. Event-sourced in the journal (stream {@code platform|subjects},
 * tag {@code subjects}), every change audited with who and why.
 *
 * <p>The gate sees {@link #gateAttributes(String)} as {@code subject.roles}, {@code subject.owners},
 * {@code subject.clients} and {@code subject.shared}, always all four (empty lists for a person the directory does
 * not know), so the rule sets can deny whatever is not bound. Code decides nothing here: what a role may see or do is
 * written in the domains' rule sets (docs/security.md, "Who sees what").
 */
public final class SubjectDirectory {
    static final String STREAM = "platform|subjects";
    /** The platform roles (the realm roles of {@code io.mosaic.identity.Role}). */
    public static final Set<String> ROLES = Set.of("tenant-admin", "advisor", "client", "family-member", "platform-operator");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String tenant;
    private final Journal journal;
    private final AuditTrail audit;
    private final Clock clock;
    private final Map<String, Entry> entries = new HashMap<>();
    /** Gate attributes per subject, built on first use and dropped on every change of that subject. */
    private final Map<String, Map<String, Object>> cache = new ConcurrentHashMap<>();
    private long sequence;

    SubjectDirectory(String tenant, Journal journal, AuditTrail audit, Clock clock) {
        this.tenant = tenant;
        this.journal = journal;
        this.audit = audit;
        this.clock = clock;
        for (StoredEvent e : journal.read(tenant, STREAM, 1)) {
            apply(read(e));
            sequence = e.sequence();
        }
    }

    /** What the directory knows of a subject. */
    public record Subject(String id, Set<String> roles, Set<String> owners, Set<String> clients, Set<String> shared) {
        public Subject {
            roles = Set.copyOf(roles);
            owners = Set.copyOf(owners);
            clients = Set.copyOf(clients);
            shared = Set.copyOf(shared);
        }
    }

    public synchronized Optional<Subject> find(String subject) {
        Entry e = entries.get(subject);
        return e == null ? Optional.empty() : Optional.of(e.view(subject));
    }

    /**
     * Records a subject's roles, e.g. the platform roles of a validated token. Appends (and audits) only when they
     * differ from what is recorded, so calling it on every request is cheap.
     *
     * @return whether anything changed
     */
    public boolean recordRoles(String subject, Set<String> roles, String actor, String reason) {
        requireId(subject, "subject");
        for (String role : roles) {
            if (!ROLES.contains(role)) {
                throw new PlatformException("unknown role '" + role + "' for subject '" + subject + "' (known: "
                        + new TreeSet<>(ROLES) + ")");
            }
        }
        Set<String> sorted = new TreeSet<>(roles);
        Entry known = entryOrNull(subject);
        if (known != null && known.roles.equals(sorted)) {
            return false;
        }
        synchronized (this) {
            Entry again = entries.get(subject);
            if (again != null && again.roles.equals(sorted)) {
                return false;
            }
            append(new Change("platform.SubjectRolesSet", subject, "", List.copyOf(sorted), actor, reason, clock.instant()));
        }
        audit.record(tenant, "subject-roles-set", actor, subject, subject, "", "builtin:subjects",
                "roles " + sorted + (reason.isBlank() ? "" : ": " + reason));
        return true;
    }

    /** Binds an owner (a party of the structure, e.g. the client's family or holding) to a client as its own. */
    public void bindOwner(String client, String owner, String actor, String reason) {
        change("platform.OwnerBound", client, owner, actor, reason, "owner-bound",
                "owner " + owner + " bound to client " + client);
    }

    /** Ends a binding; the client's next read or command for that owner is refused. */
    public void unbindOwner(String client, String owner, String actor, String reason) {
        requireRelation(client, owner, e -> e.owners, "owner '" + owner + "' is not bound to client '" + client + "'");
        change("platform.OwnerUnbound", client, owner, actor, reason, "owner-unbound",
                "owner " + owner + " no longer bound to client " + client);
    }

    /** Assigns a client (an owner id) to an advisor: rules let the advisor act for that client. */
    public void assignClient(String advisor, String client, String actor, String reason) {
        change("platform.ClientAssigned", advisor, client, actor, reason, "client-assigned",
                "client " + client + " assigned to advisor " + advisor);
    }

    /** Ends an assignment; the next message of the advisor for that client is refused. */
    public void unassignClient(String advisor, String client, String actor, String reason) {
        requireRelation(advisor, client, e -> e.clients, "client '" + client + "' is not assigned to advisor '" + advisor + "'");
        change("platform.ClientUnassigned", advisor, client, actor, reason, "client-unassigned",
                "client " + client + " no longer assigned to advisor " + advisor);
    }

    /** A client shares their data (their owner id) with a family member, read-only. */
    public void share(String client, String member, String actor, String reason) {
        change("platform.DataShared", member, client, actor, reason, "data-shared",
                "client " + client + " shared with family member " + member);
    }

    public void unshare(String client, String member, String actor, String reason) {
        requireRelation(member, client, e -> e.shared, "client '" + client + "' has not shared with '" + member + "'");
        change("platform.DataUnshared", member, client, actor, reason, "data-unshared",
                "client " + client + " no longer shared with family member " + member);
    }

    /**
     * The gate attributes of a subject: {@code {"subject": {"id", "roles", "owners", "clients", "shared"}}}; for a
     * subject the directory does not know, the same keys with empty lists. Cached per subject until it changes.
     */
    public Map<String, Object> gateAttributes(String subject) {
        Map<String, Object> cached = cache.get(subject);
        if (cached != null) {
            return cached;
        }
        Map<String, Object> built;
        synchronized (this) {
            Entry e = entries.get(subject);
            built = Map.of("subject", (e == null ? new Entry() : e).attributes(subject));
            cache.put(subject, built);
        }
        return built;
    }

    private void change(String type, String subject, String other, String actor, String reason, String auditKind,
                        String what) {
        requireId(subject, "subject");
        requireId(other, "client");
        synchronized (this) {
            append(new Change(type, subject, other, List.of(), actor, reason, clock.instant()));
        }
        audit.record(tenant, auditKind, actor, subject, other, "", "builtin:subjects",
                what + (reason.isBlank() ? "" : ": " + reason));
    }

    /** Refuses to end a relation that does not exist (nothing is appended or audited then). */
    private synchronized void requireRelation(String subject, String other,
                                              java.util.function.Function<Entry, Set<String>> relation, String problem) {
        Entry e = entries.get(subject);
        if (e == null || !relation.apply(e).contains(other)) {
            throw new PlatformException(problem + " in tenant " + tenant);
        }
    }

    private synchronized Entry entryOrNull(String subject) {
        return entries.get(subject);
    }

    private void append(Change c) {
        ObjectNode n = JSON.createObjectNode().put("subject", c.subject()).put("other", c.other())
                .put("actor", c.actor()).put("reason", c.reason()).put("at", c.at().toString());
        ArrayNode roles = n.putArray("roles");
        c.roles().forEach(roles::add);
        byte[] payload;
        try {
            payload = JSON.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            sequence = journal.append(tenant, STREAM, sequence, List.of(new EventData(UUID.randomUUID(), c.type(), 1,
                    c.at(), "", payload, Set.of("subjects"))));
        } catch (ConcurrencyConflict conflict) {
            throw new PlatformException("subjects of tenant " + tenant + " were changed by another platform instance; retry",
                    conflict);
        }
        apply(c);
    }

    private void apply(Change c) {
        Entry e = entries.computeIfAbsent(c.subject(), s -> new Entry());
        switch (c.type()) {
            case "platform.SubjectRolesSet" -> e.roles = new TreeSet<>(c.roles());
            case "platform.OwnerBound" -> e.owners.add(c.other());
            case "platform.OwnerUnbound" -> e.owners.remove(c.other());
            case "platform.ClientAssigned" -> e.clients.add(c.other());
            case "platform.ClientUnassigned" -> e.clients.remove(c.other());
            case "platform.DataShared" -> e.shared.add(c.other());
            case "platform.DataUnshared" -> e.shared.remove(c.other());
            default -> throw new PlatformException("unknown subject event '" + c.type() + "' in " + STREAM + " of " + tenant);
        }
        cache.remove(c.subject());
    }

    private static Change read(StoredEvent e) {
        try {
            JsonNode n = JSON.readTree(e.payload());
            List<String> roles = new java.util.ArrayList<>();
            n.path("roles").forEach(r -> roles.add(r.asText()));
            return new Change(e.type(), n.get("subject").asText(), n.get("other").asText(), roles,
                    n.get("actor").asText(), n.get("reason").asText(), Instant.parse(n.get("at").asText()));
        } catch (IOException ex) {
            throw new UncheckedIOException("subject event " + e.sequence() + " is unreadable", ex);
        }
    }

    private static void requireId(String id, String what) {
        if (id == null || id.isBlank()) {
            throw new PlatformException("the " + what + " id must not be empty");
        }
    }

    private record Change(String type, String subject, String other, List<String> roles, String actor, String reason,
                          Instant at) {
    }

    private static final class Entry {
        Set<String> roles = new TreeSet<>();
        final Set<String> owners = new TreeSet<>();
        final Set<String> clients = new TreeSet<>();
        final Set<String> shared = new TreeSet<>();

        Subject view(String id) {
            return new Subject(id, roles, owners, clients, shared);
        }

        Map<String, Object> attributes(String id) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("id", id);
            map.put("roles", List.copyOf(roles));
            map.put("owners", List.copyOf(owners));
            map.put("clients", List.copyOf(clients));
            map.put("shared", List.copyOf(shared));
            return Map.copyOf(map);
        }
    }
}
