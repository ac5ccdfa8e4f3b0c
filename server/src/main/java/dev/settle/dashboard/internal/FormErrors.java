package dev.settle.dashboard.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.ui.Model;

/**
 * Where a refused form's error goes: next to the field the API's {@code param} names (its base name:
 * {@code scopes[2]} is the scopes field), or above the form when it names none of the form's fields.
 * The page's {@code errors} map holds them; the templates' {@code fieldError} fragment shows one and
 * the field gets {@code aria-invalid} and {@code aria-describedby}.
 */
final class FormErrors {

    static final String ATTRIBUTE = "errors";
    /** The key of an error about the whole form. */
    static final String FORM = "_form";

    private FormErrors() {
    }

    /** Shows {@code message} next to the form field the API's {@code param} names, if it is one of {@code fields}. */
    static Model show(Model model, @Nullable String param, @Nullable String message, String... fields) {
        Map<String, String> aliases = new LinkedHashMap<>();
        for (String field : fields) {
            aliases.put(field, field);
        }
        return show(model, param, message, aliases);
    }

    /** As {@link #show(Model, String, String, String...)}, for forms whose fields are named unlike the API's params. */
    static Model show(Model model, @Nullable String param, @Nullable String message, Map<String, String> paramToField) {
        String field = null;
        if (param != null) {
            field = paramToField.get(param);
            if (field == null) {
                int bracket = param.indexOf('[');
                field = bracket > 0 ? paramToField.get(param.substring(0, bracket)) : null;
            }
        }
        errors(model).put(field == null ? FORM : field, message == null ? "The request failed." : message);
        return model;
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> errors(Model model) {
        Object errors = model.getAttribute(ATTRIBUTE);
        if (errors instanceof Map<?, ?> map) {
            return (Map<String, String>) map;
        }
        Map<String, String> fresh = new LinkedHashMap<>();
        model.addAttribute(ATTRIBUTE, fresh);
        return fresh;
    }
}
