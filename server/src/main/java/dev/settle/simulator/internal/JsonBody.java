package dev.settle.simulator.internal;

import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import dev.settle.shared.InvalidRequestException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A request's JSON object, read field by field with the error code the contract gives each
 * field. Parse errors never echo the body: it may hold a card number.
 */
final class JsonBody {

    private static final Pattern PARAMETER_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,39}");

    private final JsonNode node;

    private JsonBody(JsonNode node) {
        this.node = node;
    }

    /** An empty body counts as {@code {}}; any field outside {@code allowed} is refused. */
    static JsonBody parse(byte[] bytes, JsonMapper json, Set<String> allowed) {
        JsonNode node;
        try {
            node = json.readTree(bytes);
        } catch (JacksonException e) {
            throw new InvalidRequestException("invalid_json", "The request body is not valid JSON.", null);
        }
        if (node == null || node.isMissingNode() || node.isNull()) {
            return new JsonBody(json.createObjectNode());
        }
        if (!node.isObject()) {
            throw new InvalidRequestException("invalid_json", "The request body must be a JSON object.", null);
        }
        for (String name : node.propertyNames()) {
            if (!allowed.contains(name)) {
                boolean nameable = PARAMETER_NAME.matcher(name).matches();
                throw new InvalidRequestException("parameter_unknown",
                        nameable ? "Received unknown parameter: " + name + "." : "Received an unknown parameter.",
                        nameable ? name : null);
            }
        }
        return new JsonBody(node);
    }

    /** A string field, or null when absent or JSON null; anything else is a 400 with {@code code}. */
    @Nullable String string(String name, String code, String message) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw new InvalidRequestException(code, message, name);
        }
        return value.stringValue();
    }

    /** An integer field that fits a long, or null when absent or JSON null. */
    @Nullable Long integer(String name, String code, String message) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new InvalidRequestException(code, message, name);
        }
        return value.longValue();
    }

    @Nullable Boolean bool(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isBoolean()) {
            throw new InvalidRequestException("parameter_invalid", name + " must be true or false.", name);
        }
        return value.booleanValue();
    }
}
