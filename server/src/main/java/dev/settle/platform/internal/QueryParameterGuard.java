package dev.settle.platform.internal;

import java.lang.reflect.Method;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import dev.settle.shared.InvalidRequestException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Refuses query parameters an endpoint does not declare, as unknown JSON fields are refused:
 * a misspelt filter ({@code ?emial=…}) must not silently list everything.
 */
@Configuration(proxyBeanMethods = false)
class QueryParameterGuard implements WebMvcConfigurer, HandlerInterceptor {

    private static final String ALL = "*";

    /** The query parameters each handler declares, read once per handler rather than per request. */
    private final Map<Method, Set<String>> declaredByHandler = new ConcurrentHashMap<>();

    private static Set<String> declared(HandlerMethod method) {
        Set<String> declared = new HashSet<>();
        for (var parameter : method.getMethodParameters()) {
            RequestParam annotation = parameter.getParameterAnnotation(RequestParam.class);
            if (annotation != null && Map.class.isAssignableFrom(parameter.getParameterType())) {
                // A handler taking every parameter as a map checks them itself (indexed names such as items[0][price]).
                return Set.of(ALL);
            }
            if (annotation != null) {
                declared.add(!annotation.name().isEmpty() ? annotation.name() : parameter.getParameterName());
            }
        }
        return Set.copyOf(declared);
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/v1/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method)) {
            return true;
        }
        Set<String> declared = declaredByHandler.computeIfAbsent(method.getMethod(), key -> declared(method));
        for (String name : request.getParameterMap().keySet()) {
            if (!declared.contains(name) && !declared.contains(ALL)) {
                throw new InvalidRequestException("parameter_unknown", "Received unknown parameter: " + name + ".", name);
            }
        }
        return true;
    }
}
