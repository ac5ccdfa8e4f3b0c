package dev.settle.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import dev.settle.support.Api;
import dev.settle.support.SettleTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;

/**
 * Keeps the OpenAPI document true: every route the server answers is documented, and the
 * committed copy in {@code docs/openapi.json} is what the server generates. After an API
 * change, regenerate it with {@code -Dsettle.openapi.write=true} and review the diff.
 */
@SettleTest
class OpenApiTests {

    private static final Path COMMITTED = Path.of("../docs/openapi.json");

    @Autowired
    Api api;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void everyApiRouteIsDocumented() {
        JsonNode paths = api.get("/v3/api-docs", null).json().path("paths");
        List<String> missing = new ArrayList<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            for (String pattern : info.getPatternValues()) {
                if (!pattern.startsWith("/v1/")) {
                    continue;
                }
                for (var method : info.getMethodsCondition().getMethods()) {
                    if (!paths.path(pattern).has(method.name().toLowerCase(Locale.ROOT))) {
                        missing.add(method + " " + pattern);
                    }
                }
            }
        }
        assertThat(missing).as("routes missing from /v3/api-docs").isEmpty();
    }

    @Test
    void schemasUseTheApisSnakeCaseNames() {
        JsonNode schemas = api.get("/v3/api-docs", null).json().path("components").path("schemas");
        List<String> camelCase = new ArrayList<>();
        schemas.properties().forEach(schema -> schema.getValue().path("properties").propertyNames().forEach(property -> {
            if (!property.matches("[a-z0-9_]+")) {
                camelCase.add(schema.getKey() + "." + property);
            }
        }));
        assertThat(camelCase).as("schema properties not named as the JSON is").isEmpty();
    }

    @Test
    void committedDocumentMatchesTheServer() throws IOException {
        JsonNode generated = api.get("/v3/api-docs", null).json();
        ((tools.jackson.databind.node.ObjectNode) generated).remove("servers");
        String rendered = Api.json().rebuild().enable(SerializationFeature.INDENT_OUTPUT).build().writeValueAsString(generated) + "\n";
        if (Boolean.getBoolean("settle.openapi.write")) {
            Files.writeString(COMMITTED, rendered);
        }
        assertThat(Files.exists(COMMITTED)).as(COMMITTED + " exists (write it with -Dsettle.openapi.write=true)").isTrue();
        assertThat(Files.readString(COMMITTED))
                .as("docs/openapi.json is stale: run the tests with -Dsettle.openapi.write=true and commit the diff")
                .isEqualTo(rendered);
    }
}
