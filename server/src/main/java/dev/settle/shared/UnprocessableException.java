package dev.settle.shared;

import org.jspecify.annotations.Nullable;

/** 422: well-formed, but cannot be processed as asked (e.g. an idempotency key reused with other parameters). */
public class UnprocessableException extends ApiException {

    public UnprocessableException(String code, String message, @Nullable String param) {
        super(422, code, message, param);
    }

    @Override
    public String title() {
        return "Unprocessable request";
    }
}
