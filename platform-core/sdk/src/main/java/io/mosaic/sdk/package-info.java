/**
 * The Mosaic plugin SDK: the only API a plugin compiles against. Versioned with the platform; additions only
 * within a major version.
 */
package io.mosaic.sdk;
