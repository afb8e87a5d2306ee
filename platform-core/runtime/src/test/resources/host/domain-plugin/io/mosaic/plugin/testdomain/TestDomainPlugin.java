package io.mosaic.plugin.testdomain;

import io.mosaic.sdk.DomainPlugin;
import io.mosaic.sdk.Envelope;
import io.mosaic.sdk.PluginContext;
import io.mosaic.sdk.Query;

import java.util.Optional;

/** A domain plugin for the host's tests; answers the query "version" with the version it was built as. */
public class TestDomainPlugin implements DomainPlugin {
    static final String VERSION = "${version}";

    @Override
    public void start(PluginContext context) {
    }

    @Override
    public void onMessage(Envelope envelope) {
    }

    @Override
    public Optional<Object> query(Query query) {
        return query.name().equals("version") ? Optional.of(VERSION) : Optional.empty();
    }
}
