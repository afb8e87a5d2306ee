package io.mosaic.runtime;

import io.mosaic.sdk.Query;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * For every query of every first-party domain, with the rule sets they ship: a read is answered only if the asking
 * person is bound to the owner it names (or administers the tenant); rates and prices for every person with a role.
 * Subjects with random roles and bindings, against a plain model of "who sees what".
 */
class ReadsAreBoundPropertiesTest {
    static final List<String> OWNERS = List.of("o1", "o2", "o3");
    /** Each query of each domain, with the parameters it needs besides the owner. */
    static final Map<String, List<Query>> QUERIES = Map.of(
            "assets", List.of(q("asset", "id", "a-1"), q("assets"), q("evidence", "assetId", "a-1", "documentName", "d.pdf")),
            "custody", List.of(q("accounts"), q("holdings"), q("differences"), q("statements", "accountId", "acc-1")),
            "structures", List.of(q("graph"), q("look-through"), q("party", "id", "o1")),
            "consolidation", List.of(q("net-worth"), q("allocation"), q("holdings"), q("performance", "from", "2024-01-01")),
            "market-data", List.of(q("fx", "base", "EUR", "quote", "CHF", "date", "2024-12-31"),
                    q("price", "instrumentId", "CH0012005267", "date", "2024-12-31")));
    static Path data;
    static MosaicPlatform platform;
    static TenantRuntime bank;
    static final AtomicInteger SUBJECTS = new AtomicInteger();

    record Person(Set<String> roles, Set<String> owners, Set<String> clients, Set<String> shared) {
    }

    static Query q(String name, String... parameters) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < parameters.length; i += 2) {
            map.put(parameters[i], parameters[i + 1]);
        }
        return new Query(name, map, "-");
    }

    @BeforeContainer
    static void start() throws IOException {
        data = Files.createTempDirectory("mosaic-reads");
        platform = MosaicPlatform.embedded(data, "test-password".toCharArray(), Clock.systemUTC());
        bank = platform.createTenant("bank");
        for (Path jar : List.of(PluginJars.assets(), PluginJars.custody(), PluginJars.structures(),
                PluginJars.consolidation(), PluginJars.marketData())) {
            bank.install(jar, Set.of());
        }
    }

    @AfterContainer
    static void stop() {
        platform.close();
    }

    @Property(tries = 150)
    void aReadIsAnsweredOnlyForABoundOwner(@ForAll("people") Person person) {
        String subject = "s-" + SUBJECTS.incrementAndGet();
        SubjectDirectory directory = bank.subjects();
        if (!person.roles().isEmpty() || SUBJECTS.get() % 2 == 0) { // half of those without roles stay unknown
            directory.recordRoles(subject, person.roles(), "test", "");
        }
        person.owners().forEach(o -> directory.bindOwner(subject, o, "test", ""));
        person.clients().forEach(o -> directory.assignClient(subject, o, "test", ""));
        person.shared().forEach(o -> directory.share(o, subject, "test", ""));

        List<String> wrong = new ArrayList<>();
        List<Optional<String>> owners = new ArrayList<>();
        owners.add(Optional.empty());
        OWNERS.forEach(o -> owners.add(Optional.of(o)));
        owners.add(Optional.of("o-unknown"));
        QUERIES.forEach((domain, queries) -> {
            for (Query query : queries) {
                for (Optional<String> owner : owners) {
                    Map<String, String> parameters = new HashMap<>(query.parameters());
                    owner.ifPresent(o -> parameters.put("owner", o));
                    boolean answered;
                    try {
                        bank.query(domain, new Query(query.name(), parameters, subject));
                        answered = true;
                    } catch (QueryDenied denied) {
                        answered = false;
                    }
                    if (answered != mayRead(person, domain, owner)) {
                        wrong.add(domain + " " + query.name() + " owner=" + owner.orElse("-") + ": "
                                + (answered ? "answered" : "denied"));
                    }
                }
            }
        });
        assertThat(wrong).as("reads of %s", person).isEmpty();
    }

    /** The model: who sees what (docs/security.md, "Who sees what"). */
    static boolean mayRead(Person p, String domain, Optional<String> owner) {
        if (p.roles().isEmpty()) {
            return false;
        }
        if (domain.equals("market-data")) {
            return true;
        }
        if (p.roles().contains("tenant-admin")) {
            return true;
        }
        return owner.isPresent() && ((p.roles().contains("client") && p.owners().contains(owner.get()))
                || (p.roles().contains("advisor") && p.clients().contains(owner.get()))
                || (p.roles().contains("family-member") && p.shared().contains(owner.get())));
    }

    @Provide
    Arbitrary<Person> people() {
        Arbitrary<Set<String>> roles = Arbitraries.of("tenant-admin", "advisor", "client", "family-member",
                "platform-operator").set().ofMaxSize(3);
        Arbitrary<Set<String>> owners = Arbitraries.of(OWNERS).set();
        return Combinators.combine(roles, owners, owners, owners).as(Person::new);
    }
}
