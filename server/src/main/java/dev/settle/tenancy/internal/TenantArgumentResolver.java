package dev.settle.tenancy.internal;

import java.util.List;

import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import dev.settle.shared.AuthenticationException;
import dev.settle.tenancy.Tenant;

/** Lets controllers declare a {@link Tenant} parameter, filled from the authenticated key. */
@Configuration(proxyBeanMethods = false)
class TenantArgumentResolver implements WebMvcConfigurer, HandlerMethodArgumentResolver {

    static {
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Tenant.class);
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(this);
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Tenant.class;
    }

    @Override
    public Tenant resolveArgument(MethodParameter parameter, ModelAndViewContainer container, NativeWebRequest request,
            WebDataBinderFactory binderFactory) {
        Object tenant = request.getAttribute(Tenant.REQUEST_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        if (tenant instanceof Tenant resolved) {
            return resolved;
        }
        throw new AuthenticationException("api_key_missing", "This endpoint needs an account's API key.");
    }
}
