package dev.settle.platform.internal;

import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

/** The OpenAPI document's frame; the paths come from the controllers. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI settleOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Settle API")
                        .version("v1")
                        .description("""
                                Payments and billing. Authenticate with an account's secret key \
                                (`Authorization: Bearer sk_test_…`). Every POST accepts `Idempotency-Key`. \
                                Errors are application/problem+json with a stable `code` and the offending `param`."""))
                .components(new Components()
                        .addSecuritySchemes("apiKey", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .description("An account's secret (sk_…) or restricted (rk_…) key"))
                        .addSecuritySchemes("operator", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .description("The installation's operator token")))
                .addSecurityItem(new SecurityRequirement().addList("apiKey"));
    }

    /**
     * Schemas with the API's snake_case names. springdoc reads models with its own (Jackson 2)
     * mapper, which does not know the application's Jackson 3 naming strategy.
     */
    @Bean
    ModelResolver snakeCaseModels() {
        return new ModelResolver(Json.mapper().copy()
                .setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE));
    }

    /** Every account-scoped POST takes an Idempotency-Key; say so on each operation. */
    @Bean
    OperationCustomizer idempotencyKeyHeader() {
        return (operation, handler) -> {
            boolean post = handler.hasMethodAnnotation(org.springframework.web.bind.annotation.PostMapping.class);
            boolean operatorApi = handler.getBeanType().getSimpleName().startsWith("Operator");
            if (post && !operatorApi) {
                operation.addParametersItem(new HeaderParameter()
                        .name("Idempotency-Key")
                        .required(false)
                        .description("Makes the request safe to retry: the first response is replayed for 24 h.")
                        .schema(new StringSchema().maxLength(255)));
            }
            return operation;
        };
    }
}
