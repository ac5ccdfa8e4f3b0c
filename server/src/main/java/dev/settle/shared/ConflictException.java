package dev.settle.shared;

import org.jspecify.annotations.Nullable;

/** 409: the request conflicts with the current state of an object or another request. */
public class ConflictException extends ApiException {

    public ConflictException(String code, String message, @Nullable String param) {
        super(409, code, message, param);
    }

    @Override
    public String title() {
        return "Conflict";
    }
}
