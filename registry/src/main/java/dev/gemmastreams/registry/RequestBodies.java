package dev.gemmastreams.registry;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;

/**
 * Reads request bodies ourselves rather than through Spring's converters: Confluent clients send JSON labelled
 * application/vnd.schemaregistry.v1+json, application/json or even application/octet-stream, and a broken body
 * must come back as a Confluent error, not as Spring's.
 */
final class RequestBodies {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RequestBodies() {
    }

    /** The "schema" string of {"schema": "..."}. */
    static String schema(byte[] body) {
        JsonNode schema = object(body).path("schema");
        if (schema.isMissingNode() || schema.isNull()) {
            throw RegistryError.invalidSchema("the request body has no \"schema\" field");
        }
        if (!schema.isString()) {
            throw RegistryError.unprocessable("\"schema\" must be a string holding the schema's JSON, found " + schema.getNodeType());
        }
        return schema.stringValue();
    }

    /** The "compatibility" string of {"compatibility": "FULL"}. */
    static String compatibility(byte[] body) {
        JsonNode level = object(body).path("compatibility");
        if (!level.isString()) {
            throw RegistryError.invalidCompatibilityLevel(level.isMissingNode() ? "(missing)" : level.toString());
        }
        return level.stringValue();
    }

    private static JsonNode object(byte[] body) {
        if (body == null || body.length == 0) {
            throw RegistryError.unprocessable("The request needs a JSON body");
        }
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (JacksonException e) {
            throw RegistryError.malformedJson(e.getOriginalMessage() + " in " + abbreviate(body));
        }
        if (node == null || !node.isObject()) {
            throw RegistryError.unprocessable("The request body must be a JSON object, found " + abbreviate(body));
        }
        return node;
    }

    private static String abbreviate(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        return '\'' + (text.length() <= 200 ? text : text.substring(0, 200) + "...") + '\'';
    }
}
