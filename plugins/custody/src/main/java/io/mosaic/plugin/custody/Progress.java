package io.mosaic.plugin.custody;

/** Told how many entries of a file were read so far, every {@value #EVERY} entries. */
@FunctionalInterface
public interface Progress {
    int EVERY = 10_000;

    void entriesRead(long count);

    static Progress none() {
        return count -> { };
    }
}
