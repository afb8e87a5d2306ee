package io.mosaic.runtime;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Checks the checkpoints of one tenant against its intact chain of audit entries: (b) every checkpoint's signature,
 * (c) that the entry a checkpoint covers still has the hash it signed, (d) that the chain reaches the newest
 * checkpoint, and that every checkpoint of an exported copy is still in the platform's checkpoint stream.
 *
 * @param hashes the hash of every entry of the chain: entry n at index n - 1
 * @param keys   empty for a trail opened without a key service: then no signature can be checked
 */
record AuditCheckpointCheck(String tenant, List<String> hashes, Optional<AuditCheckpointKeys> keys) {

    /** The first problem, or empty when the platform's and the exported checkpoints agree with the chain. */
    Optional<String> check(List<AuditCheckpoint> stored, List<AuditCheckpoint> exported) {
        List<Source> all = Stream.concat(stored.stream().map(c -> new Source(c, "")),
                exported.stream().map(c -> new Source(c, " of the exported copy"))).toList();
        return firstOf(all, this::signed)
                .or(() -> all.stream().max(Comparator.comparingLong(s -> s.checkpoint().sequence())).flatMap(this::reached))
                .or(() -> firstOf(all, this::matches))
                .or(() -> stillStored(stored, exported));
    }

    private record Source(AuditCheckpoint checkpoint, String where) {
        String name() {
            return "checkpoint " + checkpoint.number() + where;
        }
    }

    private static Optional<String> firstOf(List<Source> all, Function<Source, Optional<String>> check) {
        return all.stream().map(check).flatMap(Optional::stream).findFirst();
    }

    private Optional<String> signed(Source s) {
        AuditCheckpoint c = s.checkpoint();
        if (!c.tenant().equals(tenant)) {
            return Optional.of(s.name() + " is a checkpoint of tenant " + c.tenant() + ", not of " + tenant);
        }
        if (keys.isEmpty()) {
            return Optional.of("cannot check the signature of " + s.name() + ": this audit trail was opened without"
                    + " the key service");
        }
        return keys.get().check(tenant, c.keyRef(), c.signedBytes(), c.signature())
                .map(why -> s.name() + " (entry " + c.sequence() + ", signed on " + c.at() + ") is not genuine: "
                        + why);
    }

    private Optional<String> reached(Source newest) {
        AuditCheckpoint c = newest.checkpoint();
        if (c.sequence() <= hashes.size()) {
            return Optional.empty();
        }
        return Optional.of("audit trail of tenant " + tenant + " ends at entry " + hashes.size() + " but " + newest.name()
                + " signed entry " + c.sequence() + " on " + c.at());
    }

    private Optional<String> matches(Source s) {
        AuditCheckpoint c = s.checkpoint();
        if (c.sequence() < 1) {
            return Optional.of(s.name() + " covers entry " + c.sequence() + ", which cannot exist");
        }
        if (c.sequence() > hashes.size()) {
            return Optional.empty(); // beyond the end: reported by reached() for the newest checkpoint
        }
        String actual = hashes.get((int) (c.sequence() - 1));
        if (actual.equals(c.hash())) {
            return Optional.empty();
        }
        return Optional.of("entry " + c.sequence() + " is not the entry " + s.name() + " signed on " + c.at()
                + ": the chain was rewritten (its hash is " + actual + ", the checkpoint signed " + c.hash() + ")");
    }

    private static Optional<String> stillStored(List<AuditCheckpoint> stored, List<AuditCheckpoint> exported) {
        Map<Long, AuditCheckpoint> byNumber = stored.stream()
                .collect(Collectors.toMap(AuditCheckpoint::number, c -> c, (a, b) -> a));
        for (AuditCheckpoint e : exported) {
            AuditCheckpoint s = byNumber.get(e.number());
            if (s == null) {
                return Optional.of("checkpoint " + e.number() + " of the exported copy (entry " + e.sequence()
                        + ", signed on " + e.at() + ") is missing from the platform's checkpoint stream");
            }
            if (!s.equals(e)) {
                return Optional.of("checkpoint " + e.number() + " differs between the platform (" + s
                        + ") and the exported copy (" + e + ")");
            }
        }
        return Optional.empty();
    }
}
