package io.mosaic.sdk;

/** A marketplace app, shipped as a PF4J plugin and run in the tenant's PF4J manager. */
public interface AppPlugin extends MosaicPlugin {
}
