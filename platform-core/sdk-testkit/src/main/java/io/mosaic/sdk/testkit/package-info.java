/**
 * In-memory fakes of the platform for plugin tests: {@link io.mosaic.sdk.testkit.FakePluginContext},
 * {@link io.mosaic.sdk.testkit.FakeEventStore}, {@link io.mosaic.sdk.testkit.FakeEnvelope}, and
 * {@link io.mosaic.sdk.testkit.Json}, the JSON the platform writes message bodies and events as.
 */
package io.mosaic.sdk.testkit;
