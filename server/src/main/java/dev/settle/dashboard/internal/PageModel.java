package dev.settle.dashboard.internal;

import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.ResponseStatus;

import dev.settle.shared.ApiException;
import dev.settle.tenancy.OperatorSessions.Operator;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * What every dashboard page shows: the user, the mode (the live banner), the CSRF token for its
 * forms and what the role allows; and the pages for a refused action or a failed API call.
 */
@ControllerAdvice(basePackageClasses = PageModel.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class PageModel {

    private final Roles roles;

    PageModel(Roles roles) {
        this.roles = roles;
    }

    @ModelAttribute
    void common(HttpServletRequest request, Model model) {
        if (request.getAttribute(SignedIn.ATTRIBUTE) instanceof Operator operator) {
            model.addAttribute("operator", operator);
            model.addAttribute("livemode", operator.livemode());
            model.addAttribute("can", roles.can(operator));
            model.addAttribute("csrf", csrfCookie(request).orElse(""));
        }
        FormErrors.errors(model);
        model.addAttribute("path", request.getRequestURI());
        model.addAttribute("fmt", Format.INSTANCE);
    }

    static Optional<String> csrfCookie(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (cookie.getName().equals("settle_csrf")) {
                    return Optional.of(cookie.getValue());
                }
            }
        }
        return Optional.empty();
    }

    @ExceptionHandler(Forbidden.class)
    @ResponseStatus(HttpStatus.FORBIDDEN)
    String forbidden(Forbidden e, HttpServletRequest request, Model model) {
        common(request, model);
        model.addAttribute("title", "Not allowed");
        model.addAttribute("message", e.getMessage());
        return "dashboard/error";
    }

    @ExceptionHandler(ApiProblem.class)
    String problem(ApiProblem e, HttpServletRequest request, Model model, HttpServletResponse response) {
        common(request, model);
        response.setStatus(e.status());
        model.addAttribute("title", e.status() == 404 ? "Not found" : "The request failed");
        model.addAttribute("message", e.getMessage() + " (" + e.code() + ")");
        return "dashboard/error";
    }

    /** A value in a form or link the API's rules refuse (a date, an amount): shown as the API would word it. */
    @ExceptionHandler(ApiException.class)
    String invalid(ApiException e, HttpServletRequest request, Model model, HttpServletResponse response) {
        common(request, model);
        response.setStatus(e.status());
        model.addAttribute("title", "The request failed");
        model.addAttribute("message", e.getMessage() + (e.param() == null ? "" : " (" + e.param() + ")"));
        return "dashboard/error";
    }

    static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
