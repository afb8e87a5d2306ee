package io.mosaic.plugin.custody;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 over a statement's content, fed field by field while it is read (numbers compared by value). */
final class Fingerprint {
    private final MessageDigest digest;

    Fingerprint() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new CustodyException("SHA-256 is not available in this JVM", e);
        }
    }

    Fingerprint add(Object value) {
        String text = value instanceof BigDecimal number ? canonical(number) : String.valueOf(value);
        digest.update(text.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0x1f);
        return this;
    }

    Fingerprint entry(StatementEntry entry) {
        return add(entry.reference()).add(entry.bookingDate()).add(entry.valueDate()).add(entry.amount())
                .add(entry.booked()).add(entry.reversal()).add(entry.kind()).add(entry.description());
    }

    Fingerprint holding(StatementHolding holding) {
        return add(holding.isin()).add(holding.quantity()).add(holding.price()).add(holding.priceCurrency())
                .add(holding.marketValue()).add(holding.currency());
    }

    String hex() {
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String canonical(BigDecimal number) {
        return number.signum() == 0 ? "0" : number.stripTrailingZeros().toPlainString();
    }
}
