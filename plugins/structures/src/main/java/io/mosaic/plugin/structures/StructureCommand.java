package io.mosaic.plugin.structures;

/**
 * A command of the structures domain. Records accept any readable content so that an invalid command can be
 * answered with a {@link CommandRejected} naming the reason (see {@link Structure#decide}).
 */
public sealed interface StructureCommand permits RegisterParty, SetOwnership, EndOwnership {

    /** The party or edge the command is about. */
    String reference();

    default String messageType() {
        return StructuresDomain.DOMAIN + "." + getClass().getSimpleName();
    }
}
