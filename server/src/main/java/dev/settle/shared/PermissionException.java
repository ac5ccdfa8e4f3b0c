package dev.settle.shared;

/** 403: the credentials are valid but do not allow this request. */
public class PermissionException extends ApiException {

    public PermissionException(String code, String message) {
        super(403, code, message, null);
    }

    /** Refused because of one parameter's value (a scope the caller may not grant, say). */
    public PermissionException(String code, String message, @org.jspecify.annotations.Nullable String param) {
        super(403, code, message, param);
    }

    @Override
    public String title() {
        return "Forbidden";
    }
}
