package io.mosaic.plugin.custody;

import io.mosaic.sdk.Omittable;

/**
 * Command {@code custody.ImportStatement}: import one statement file for an owner. A request: the record accepts
 * whatever can be read, so that an invalid one is answered with a {@link StatementRejected} naming the reason.
 *
 * @param importId  the caller's id of this import (ids: {@code [A-Za-z0-9][A-Za-z0-9_.:-]{0,127}})
 * @param fileName  the file's name, used in every error
 * @param content   the file's text
 * @param ownerId   the owner of the accounts in the file (a party of the structures domain); its key encrypts
 * @param custodian the bank or custodian that issued the file
 */
public record ImportStatement(String importId, String fileName, StatementFormat format, String content,
                              String ownerId, @Omittable String custodian) {
    public ImportStatement {
        importId = importId == null ? "" : importId.strip();
        fileName = fileName == null ? "" : fileName.strip();
        content = content == null ? "" : content;
        ownerId = ownerId == null ? "" : ownerId.strip();
        custodian = custodian == null ? "" : custodian.strip();
    }
}
