package io.mosaic.plugin.custody;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One cash entry of a statement as read from the file.
 *
 * @param number      position of the entry in its statement, from 1 (how errors name it)
 * @param reference   the bank's reference, may be empty
 * @param bookingDate booking date (the value date when the file gives none)
 * @param valueDate   value date (the booking date when the file gives none)
 * @param amount      signed: positive credits the account, negative debits it
 * @param booked      only booked entries count in the balance and become flows
 * @param reversal    the entry reverses an earlier one (its sign already says which way)
 */
public record StatementEntry(int number, String reference, LocalDate bookingDate, LocalDate valueDate,
                             BigDecimal amount, boolean booked, boolean reversal, EntryKind kind, String description) {
    public StatementEntry {
        if (number < 1) {
            throw new IllegalArgumentException("entry number " + number + " is not positive");
        }
        reference = reference == null ? "" : reference;
        Objects.requireNonNull(bookingDate, "bookingDate");
        Objects.requireNonNull(valueDate, "valueDate");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(kind, "kind");
        description = description == null ? "" : description;
    }
}
