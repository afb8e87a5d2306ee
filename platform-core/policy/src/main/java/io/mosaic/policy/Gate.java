package io.mosaic.policy;

import io.mosaic.sdk.PluginManifest;

import java.util.Optional;

/**
 * The gate of one tenant runtime: decides every delivery before plugin code sees it, and every publish.
 *
 * <p>Delivery checks, in order, each a denial with a rule name: the envelope's tenant, the topic's tenant and this
 * gate's tenant agree ({@code builtin:tenant}); the receiver's manifest consumes the type ({@code builtin:consumes});
 * the sender declared the type in its publishes ({@code builtin:sender-declares}); a matching deny rule of the
 * receiving domain's rule set ({@code <domain>:<rule-id>}); a matching allow rule; else deny by default
 * ({@code builtin:default-deny}). A condition that fails to evaluate denies, naming its rule.
 *
 * <p>Rule sets are held per domain and can be swapped while messages flow; a decision uses one rule set throughout.
 * Thread-safe.
 */
public interface Gate {

    /** A gate for the runtime of {@code tenant}, holding no rule sets yet (so denying every delivery). */
    static Gate forTenant(String tenant) {
        return new TenantGate(tenant);
    }

    String tenant();

    /**
     * Installs {@code ruleSet} for its domain, replacing the one installed before (atomically: a concurrent
     * decision sees either the old or the new rule set).
     *
     * @return the rule set it replaced
     */
    Optional<RuleSet> install(RuleSet ruleSet);

    /** Removes the domain's rule set; deliveries to the domain are then denied ({@code builtin:no-rule-set}). */
    Optional<RuleSet> remove(String domain);

    Optional<RuleSet> ruleSet(String domain);

    /**
     * Decides a delivery with the rule set installed for the receiver's domain (or, for an app whose rule set is
     * named after it, the receiver's plugin id).
     */
    Decision decide(GateRequest request);

    /** Decides a delivery with the given rule set, which must be the receiver's (its domain or its plugin id). */
    Decision decide(GateRequest request, RuleSet ruleSet);

    /** Decides whether {@code sender} may publish {@code type}: only types its manifest declares. */
    Decision checkPublish(PluginManifest sender, String type);
}
