package dev.settle.dashboard.internal;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** The sign-in guard on every dashboard route but sign-in and the static assets. */
@Configuration(proxyBeanMethods = false)
class DashboardWeb implements WebMvcConfigurer {

    private final SignedIn signedIn;

    DashboardWeb(SignedIn signedIn) {
        this.signedIn = signedIn;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(signedIn).addPathPatterns("/dashboard", "/dashboard/**")
                .excludePathPatterns("/dashboard/sign-in", "/dashboard/assets/**");
    }
}
