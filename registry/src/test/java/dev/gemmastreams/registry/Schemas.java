package dev.gemmastreams.registry;

import org.apache.avro.Schema;

/** Small record schemas for registry tests; each test takes fresh subjects, so they can be reused freely. */
final class Schemas {

    static final Schema USER_V1 = parse("""
            {"type": "record", "name": "User", "namespace": "test", "fields": [
              {"name": "name", "type": "string"}]}""");

    /** V1 plus a field with a default: BACKWARD compatible. */
    static final Schema USER_V2 = parse("""
            {"type": "record", "name": "User", "namespace": "test", "fields": [
              {"name": "name", "type": "string"},
              {"name": "email", "type": ["null", "string"], "default": null}]}""");

    /** V1 plus a field without default: a reader with it cannot read V1 data, so not BACKWARD compatible. */
    static final Schema USER_WITH_REQUIRED_AGE = parse("""
            {"type": "record", "name": "User", "namespace": "test", "fields": [
              {"name": "name", "type": "string"},
              {"name": "age", "type": "int"}]}""");

    static final Schema ORDER = parse("""
            {"type": "record", "name": "Order", "namespace": "test", "fields": [
              {"name": "id", "type": "long"}]}""");

    private Schemas() {
    }

    static Schema parse(String json) {
        return new Schema.Parser().parse(json);
    }
}
