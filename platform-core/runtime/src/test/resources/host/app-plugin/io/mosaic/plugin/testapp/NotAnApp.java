package io.mosaic.plugin.testapp;

/** A class that implements no plugin interface, named as entry class by tests that expect a refusal. */
public class NotAnApp {
}
