package io.mosaic.runtime.host;

import io.mosaic.runtime.PlatformException;

/** A plugin jar could not be loaded, instantiated or released. The message names the tenant, the plugin or the jar. */
public class PluginHostException extends PlatformException {
    public PluginHostException(String message) {
        super(message);
    }

    public PluginHostException(String message, Throwable cause) {
        super(message, cause);
    }
}
