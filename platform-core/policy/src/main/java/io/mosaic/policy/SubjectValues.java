package io.mosaic.policy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The CEL value of the {@code subject} variable for one subject: its attributes converted once (longs for integers,
 * lists for collections, …) with {@code id} set to the subject, plus the outcomes of conditions that read only
 * {@code subject}.
 *
 * <p>Cached by the identity of the attributes map: the runtime's {@code SubjectDirectory} hands out the same
 * immutable map per subject until the subject changes, then a new one. Only deeply immutable attributes (the JDK's
 * {@code Map.of}/{@code List.of}/{@code Set.of} collections of strings, numbers, booleans and enums) are cached, so a
 * cached value can never go stale; anything else is converted per request as before. The cache is a small
 * direct-mapped table: a collision only costs a conversion. Thread-safe; the values are never modified after
 * publication.
 */
final class SubjectValues {
    private static final int SLOTS = 1024;
    /** Remembered outcomes per subject, bounded so old rule sets cannot pile up behind a long-lived subject. */
    private static final int MAX_OUTCOMES = 512;
    private static final AtomicReferenceArray<SubjectValues> CACHE = new AtomicReferenceArray<>(SLOTS);
    private static final Set<Class<?>> IMMUTABLE_COLLECTIONS = Set.copyOf(List.of( // classes repeat: copyOf drops them
            Map.of().getClass(), Map.of("k", "v").getClass(), Map.of("k", "v", "l", "w").getClass(),
            List.of().getClass(), List.of("a").getClass(), List.of("a", "b", "c").getClass(),
            Set.of().getClass(), Set.of("a").getClass(), Set.of("a", "b", "c").getClass(),
            java.util.stream.Stream.of("a", "b", "c").toList().getClass()));

    private final Object attributes;
    private final String id;
    private final Map<String, Object> value;
    private final ConcurrentHashMap<CompiledRule, Boolean> outcomes;

    private SubjectValues(Object attributes, String id, Map<String, Object> value, boolean cached) {
        this.attributes = attributes;
        this.id = id;
        this.value = value;
        this.outcomes = cached ? new ConcurrentHashMap<>() : null;
    }

    /** The subject variable for {@code subjectId} with the request's {@code attributes.subject} (any value). */
    static SubjectValues of(Object attributes, String subjectId) {
        if (!(attributes instanceof Map<?, ?> map)) {
            return new SubjectValues(null, subjectId, Map.of("id", subjectId), false);
        }
        int slot = (System.identityHashCode(map) * 31 + subjectId.hashCode()) & (SLOTS - 1);
        SubjectValues cached = CACHE.get(slot);
        if (cached != null && cached.attributes == map && cached.id.equals(subjectId)) {
            return cached;
        }
        Map<String, Object> value = new HashMap<>();
        map.forEach((key, item) -> value.put(String.valueOf(key), celValue(item)));
        value.put("id", subjectId);
        if (!deeplyImmutable(map)) {
            return new SubjectValues(map, subjectId, value, false);
        }
        SubjectValues fresh = new SubjectValues(map, subjectId, value, true);
        CACHE.set(slot, fresh);
        return fresh;
    }

    /** The CEL value of {@code subject}; never modified. */
    Map<String, Object> value() {
        return value;
    }

    /** The remembered outcome of a subject-only condition, or null. */
    Boolean outcome(CompiledRule rule) {
        return outcomes == null ? null : outcomes.get(rule);
    }

    void remember(CompiledRule rule, Boolean outcome) {
        if (outcomes != null && outcomes.size() < MAX_OUTCOMES) {
            outcomes.putIfAbsent(rule, outcome);
        }
    }

    private static boolean deeplyImmutable(Object value) {
        return switch (value) {
            case null -> true;
            case String s -> true;
            case Long l -> true;
            case Integer i -> true;
            case Short s -> true;
            case Byte b -> true;
            case Double d -> true;
            case Float f -> true;
            case Boolean b -> true;
            case Enum<?> e -> true;
            case Map<?, ?> map -> {
                if (!IMMUTABLE_COLLECTIONS.contains(map.getClass())) {
                    yield false;
                }
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    if (!deeplyImmutable(e.getKey()) || !deeplyImmutable(e.getValue())) {
                        yield false;
                    }
                }
                yield true;
            }
            case Collection<?> collection -> {
                if (!IMMUTABLE_COLLECTIONS.contains(collection.getClass())) {
                    yield false;
                }
                for (Object item : collection) {
                    if (!deeplyImmutable(item)) {
                        yield false;
                    }
                }
                yield true;
            }
            default -> false;
        };
    }

    /** Converts Java values to what CEL expects: long for integers, double for decimals, lists for collections. */
    static Object celValue(Object value) {
        return switch (value) {
            case null -> "";
            case Integer i -> (long) i;
            case Short s -> (long) s;
            case Byte b -> (long) b;
            case Float f -> (double) f;
            case Collection<?> collection -> {
                List<Object> list = new ArrayList<>(collection.size());
                for (Object item : collection) {
                    list.add(celValue(item));
                }
                yield list;
            }
            case Map<?, ?> map -> {
                Map<String, Object> copy = new HashMap<>();
                map.forEach((key, item) -> copy.put(String.valueOf(key), celValue(item)));
                yield copy;
            }
            case Enum<?> e -> e.name();
            default -> value;
        };
    }
}
