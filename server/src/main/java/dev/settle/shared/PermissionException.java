package dev.settle.shared;

/** 403: the credentials are valid but do not allow this request. */
public class PermissionException extends ApiException {

    public PermissionException(String code, String message) {
        super(403, code, message, null);
    }

    @Override
    public String title() {
        return "Forbidden";
    }
}
