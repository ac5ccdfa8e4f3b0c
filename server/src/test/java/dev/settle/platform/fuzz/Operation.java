package dev.settle.platform.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/** One operation of the OpenAPI document, with its parameters and body schema resolved. */
record Operation(String method, String template, List<String> pathParams, Map<String, String> queryParams,
        Map<String, Field> bodyFields, Set<String> documentedStatuses) {

    /** A body property: its JSON type and, for an object with declared properties, those. */
    record Field(String type, String itemType, Map<String, Field> properties) {
    }

    String name() {
        return method + " " + template;
    }

    boolean hasBody() {
        return !bodyFields.isEmpty();
    }

    boolean isOperator() {
        return template.startsWith("/v1/accounts");
    }

    static List<Operation> all(JsonNode api) {
        List<Operation> operations = new ArrayList<>();
        JsonNode schemas = api.path("components").path("schemas");
        api.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            List<String> pathParams = new ArrayList<>();
            Map<String, String> query = new LinkedHashMap<>();
            for (JsonNode parameter : op.getValue().path("parameters")) {
                String in = parameter.path("in").asString();
                if (in.equals("path")) {
                    pathParams.add(parameter.path("name").asString());
                } else if (in.equals("query")) {
                    query.put(parameter.path("name").asString(), parameter.path("schema").path("type").asString("string"));
                }
            }
            JsonNode body = op.getValue().path("requestBody").path("content").path("application/json").path("schema");
            Map<String, Field> fields = body.isMissingNode() ? Map.of() : fields(resolve(body, schemas), schemas);
            Set<String> statuses = new java.util.TreeSet<>();
            op.getValue().path("responses").properties().forEach(response -> statuses.add(response.getKey()));
            operations.add(new Operation(op.getKey().toUpperCase(java.util.Locale.ROOT), path.getKey(), pathParams, query, fields,
                    statuses));
        }));
        return operations;
    }

    private static JsonNode resolve(JsonNode schema, JsonNode schemas) {
        String ref = schema.path("$ref").asString("");
        return ref.isEmpty() ? schema : schemas.path(ref.substring(ref.lastIndexOf('/') + 1));
    }

    private static Map<String, Field> fields(JsonNode schema, JsonNode schemas) {
        Map<String, Field> fields = new LinkedHashMap<>();
        schema.path("properties").properties().forEach(property -> {
            JsonNode resolved = resolve(property.getValue(), schemas);
            String type = resolved.path("type").asString("object");
            Map<String, Field> nested = resolved.has("properties") ? fields(resolved, schemas) : Map.of();
            fields.put(property.getKey(), new Field(type, resolved.path("items").path("type").asString(""), nested));
        });
        return fields;
    }
}
