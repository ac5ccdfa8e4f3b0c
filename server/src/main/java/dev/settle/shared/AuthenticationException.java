package dev.settle.shared;

/** 401: no credentials, or credentials that are unknown, malformed or revoked. */
public class AuthenticationException extends ApiException {

    public AuthenticationException(String code, String message) {
        super(401, code, message, null);
    }

    @Override
    public String title() {
        return "Unauthorized";
    }
}
