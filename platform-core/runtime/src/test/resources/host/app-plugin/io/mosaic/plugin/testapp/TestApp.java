package io.mosaic.plugin.testapp;

import io.mosaic.sdk.AppPlugin;
import io.mosaic.sdk.Envelope;
import io.mosaic.sdk.PluginContext;
import io.mosaic.sdk.Query;

import java.util.Optional;

/** A marketplace app for the host's tests; answers the query "version" with the version it was built as. */
public class TestApp implements AppPlugin {
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
