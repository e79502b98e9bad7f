package dev.gemmastreams.registry;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Set;

/**
 * When a schema sent for look-up is the one a version holds. Parsed schemas are compared, not texts, and the
 * {@code avro.java.string} property is ignored: Avro's Java code generator adds it to a schema compiled from a
 * {@code .avsc}, so the class's schema and the file's must count as the same, as they describe the same data.
 * With {@code normalize} (as Confluent's look-up takes it), Avro's Parsing Canonical Form is compared, which also
 * ignores documentation, aliases, defaults and every other property.
 */
final class SchemaEquivalence {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String JAVA_STRING_HINT = "avro.java.string";

    private SchemaEquivalence() {
    }

    /** The form two equivalent schemas share. */
    static String comparableForm(Schema schema, boolean normalize) {
        if (normalize) {
            return SchemaNormalization.toParsingForm(schema);
        }
        JsonNode tree = JSON.readTree(schema.toString());
        return JSON.writeValueAsString(withoutJavaHints(tree));
    }

    private static JsonNode withoutJavaHints(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.remove(JAVA_STRING_HINT);
            for (String name : List.copyOf(object.propertyNames())) {
                object.set(name, withoutJavaHints(object.get(name)));
            }
            // {"type": "string"} with the hint gone is the plain name, as the file would write it
            if (object.size() == 1 && object.path("type").isString()
                    && PRIMITIVES.contains(object.path("type").stringValue())) {
                return object.path("type");
            }
            return object;
        }
        if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, withoutJavaHints(array.get(i)));
            }
        }
        return node;
    }

    private static final Set<String> PRIMITIVES = Set.of("null", "boolean", "int", "long", "float", "double", "bytes", "string");
}
