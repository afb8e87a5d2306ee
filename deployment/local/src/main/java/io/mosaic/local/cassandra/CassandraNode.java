package io.mosaic.local.cassandra;

import java.net.InetSocketAddress;
import java.nio.file.Path;

/** One running local Cassandra node: its CQL address, its run directory and the child process that is it. */
public final class CassandraNode {
    private final int index;
    private final String address;
    private final int nativePort;
    private final Path directory;
    private final Process process;

    CassandraNode(int index, String address, int nativePort, Path directory, Process process) {
        this.index = index;
        this.address = address;
        this.nativePort = nativePort;
        this.directory = directory;
        this.process = process;
    }

    public int index() {
        return index;
    }

    /** The loopback address the node listens on (127.0.0.1, .2, .3). */
    public String address() {
        return address;
    }

    public InetSocketAddress cqlAddress() {
        return new InetSocketAddress(address, nativePort);
    }

    public Path directory() {
        return directory;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    Process process() {
        return process;
    }

    Path logFile() {
        return directory.resolve("logs/system.log");
    }

    @Override
    public String toString() {
        return "cassandra node " + index + " at " + address + ":" + nativePort + " (pid " + pid() + ")";
    }
}
