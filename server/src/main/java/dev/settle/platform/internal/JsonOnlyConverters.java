package dev.settle.platform.internal;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The API reads and writes JSON only, whatever the class path holds: Spring adds an XML reader
 * and writer as soon as a Jackson XML module is present (S3Proxy brings one into the tests), and
 * an API that took {@code application/xml} bodies would answer what Settle never documented.
 */
@Configuration(proxyBeanMethods = false)
class JsonOnlyConverters implements WebMvcConfigurer {

    @Override
    public void configureMessageConverters(HttpMessageConverters.ServerBuilder builder) {
        builder.configureMessageConvertersList(converters -> converters.removeIf(converter -> converter.getSupportedMediaTypes().stream()
                .anyMatch(type -> type.getSubtype().equals("xml") || type.getSubtype().endsWith("+xml"))));
    }
}
