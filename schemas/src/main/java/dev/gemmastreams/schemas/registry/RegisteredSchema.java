package dev.gemmastreams.schemas.registry;

import org.apache.avro.Schema;

/** One version of a subject as the registry reports it. */
public record RegisteredSchema(String subject, int version, int id, Schema schema) {
}
