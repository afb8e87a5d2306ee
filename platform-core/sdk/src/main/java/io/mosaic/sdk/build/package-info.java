/**
 * Run at a plugin's build, never by the platform at run time: derives the JSON Schema of the plugin's message records
 * ({@link io.mosaic.sdk.build.MessageSchemaWriter}).
 */
package io.mosaic.sdk.build;
