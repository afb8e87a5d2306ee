package io.mosaic.sdk;

/** A first-party domain, shipped as an OSGi bundle and run in the tenant's Felix framework. */
public interface DomainPlugin extends MosaicPlugin {
}
