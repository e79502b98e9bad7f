package dev.gemmastreams.schemas.registry;

import org.apache.avro.Schema;

/**
 * What the serdes need from a schema registry: an id for a schema they write, a schema for an id they read.
 * {@link SchemaRegistryClient} is the real one; tests may supply an in-memory one.
 */
public interface SchemaRegistry {

    /** Registers the schema under the subject (or finds it there) and returns its global id. */
    int register(String subject, Schema schema);

    /** The schema with this global id; throws {@link SchemaRegistryException} with error code 40403 if unknown. */
    Schema schemaById(int id);
}
