package io.mosaic.sdk;

/** A domain plugin is an OSGi bundle owning a domain; an app is a marketplace plugin (PF4J). */
public enum PluginKind {
    DOMAIN, APP
}
