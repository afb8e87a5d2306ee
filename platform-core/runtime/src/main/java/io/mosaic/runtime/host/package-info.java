/**
 * Hosting of plugin code for one tenant: domain plugins as OSGi bundles in the tenant's own Apache Felix framework,
 * marketplace apps as PF4J plugins in the tenant's own plugin manager, both behind {@link io.mosaic.runtime.host.PluginHost}.
 * This package only loads, instantiates and releases code; starting a plugin with its context, delivering messages
 * and authorising them happen above it.
 */
package io.mosaic.runtime.host;
