package io.mosaic.policy;

import io.mosaic.sdk.PluginManifest;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

final class TenantGate implements Gate {
    static final String TENANT = "builtin:tenant";
    static final String CONSUMES = "builtin:consumes";
    static final String SENDER_DECLARES = "builtin:sender-declares";
    static final String NO_RULE_SET = "builtin:no-rule-set";
    static final String DEFAULT_DENY = "builtin:default-deny";

    private static final Decision PUBLISH_DECLARED =
            Decision.allow(SENDER_DECLARES, "the sender's manifest declares the type in its publishes");

    private final String tenant;
    private final ConcurrentHashMap<String, RuleSet> ruleSets = new ConcurrentHashMap<>();

    TenantGate(String tenant) {
        Objects.requireNonNull(tenant, "tenant");
        if (tenant.isBlank()) {
            throw new IllegalArgumentException("a gate needs a tenant, got a blank one");
        }
        this.tenant = tenant;
    }

    @Override
    public String tenant() {
        return tenant;
    }

    @Override
    public Optional<RuleSet> install(RuleSet ruleSet) {
        Objects.requireNonNull(ruleSet, "ruleSet");
        return Optional.ofNullable(ruleSets.put(ruleSet.domain(), ruleSet));
    }

    @Override
    public Optional<RuleSet> remove(String domain) {
        return Optional.ofNullable(ruleSets.remove(domain));
    }

    @Override
    public Optional<RuleSet> ruleSet(String domain) {
        return Optional.ofNullable(ruleSets.get(domain));
    }

    @Override
    public Decision decide(GateRequest request) {
        Decision builtin = checkBuiltins(request);
        if (builtin != null) {
            return builtin;
        }
        PluginManifest receiver = request.receiver();
        RuleSet ruleSet = ruleSets.get(receiver.domain());
        if (ruleSet == null) {
            ruleSet = ruleSets.get(receiver.plugin().id());
        }
        if (ruleSet == null) {
            return Decision.deny(NO_RULE_SET, "no rule set is installed for domain " + receiver.domain()
                    + " of " + receiver.plugin() + " in tenant " + tenant);
        }
        return evaluateRules(request, ruleSet);
    }

    @Override
    public Decision decide(GateRequest request, RuleSet ruleSet) {
        Objects.requireNonNull(ruleSet, "ruleSet");
        Decision builtin = checkBuiltins(request);
        if (builtin != null) {
            return builtin;
        }
        PluginManifest receiver = request.receiver();
        if (!ruleSet.domain().equals(receiver.domain()) && !ruleSet.domain().equals(receiver.plugin().id())) {
            return Decision.deny(NO_RULE_SET, "rule set of " + ruleSet.domain() + " (" + ruleSet.source()
                    + ") does not guard " + receiver.plugin() + " of domain " + receiver.domain());
        }
        return evaluateRules(request, ruleSet);
    }

    @Override
    public Decision checkPublish(PluginManifest sender, String type) {
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(type, "type");
        if (sender.declaresPublish(type)) {
            return PUBLISH_DECLARED;
        }
        return Decision.deny(SENDER_DECLARES, sender.plugin() + " may not publish " + type
                + ": its manifest does not declare it in publishes " + sender.publishes());
    }

    /** The checks no rule set can override; null when all pass. */
    private Decision checkBuiltins(GateRequest request) {
        if (!tenant.equals(request.tenant()) || !tenant.equals(request.topicTenant())) {
            return Decision.deny(TENANT, "envelope " + request.envelopeId() + " of tenant '" + request.tenant()
                    + "' arrived on a topic of tenant '" + request.topicTenant() + "' at the runtime of tenant '"
                    + tenant + "' (all three must be the same)");
        }
        String type = request.type();
        PluginManifest receiver = request.receiver();
        if (!receiver.declaresConsume(type)) {
            return Decision.deny(CONSUMES, receiver.plugin() + " does not consume " + type
                    + " (its manifest consumes " + receiver.consumes() + ")");
        }
        if (!request.senderPublishes().contains(type)) {
            return Decision.deny(SENDER_DECLARES, request.sender() + " sent " + type
                    + " without declaring it in its manifest's publishes");
        }
        return null;
    }

    private static Decision evaluateRules(GateRequest request, RuleSet ruleSet) {
        RuleSet.Candidates candidates = ruleSet.candidates(request.type());
        String senderId = request.sender().id();
        Activation activation = null;
        for (CompiledRule rule : candidates.denies()) {
            if (!rule.appliesToSender(senderId)) {
                continue;
            }
            if (!rule.hasCondition()) {
                return rule.decision();
            }
            if (activation == null) {
                activation = new Activation(request);
            }
            Object outcome = rule.evaluate(activation);
            if (outcome instanceof Decision error) {
                return error;
            }
            if (Boolean.TRUE.equals(outcome)) {
                return rule.decision();
            }
        }
        for (CompiledRule rule : candidates.allows()) {
            if (!rule.appliesToSender(senderId)) {
                continue;
            }
            if (!rule.hasCondition()) {
                return rule.decision();
            }
            if (activation == null) {
                activation = new Activation(request);
            }
            Object outcome = rule.evaluate(activation);
            if (outcome instanceof Decision error) {
                return error;
            }
            if (Boolean.TRUE.equals(outcome)) {
                return rule.decision();
            }
        }
        return Decision.deny(DEFAULT_DENY, "no rule of " + ruleSet.domain() + " v" + ruleSet.version() + " allows "
                + request.type() + " from " + request.sender().id());
    }
}
