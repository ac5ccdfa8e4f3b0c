package dev.settle.shared;

import org.jspecify.annotations.Nullable;

/** 400: the request itself is wrong; nothing was written. */
public class InvalidRequestException extends ApiException {

    public InvalidRequestException(String code, String message, @Nullable String param) {
        super(400, code, message, param);
    }

    public static InvalidRequestException invalidParam(String param, String message) {
        return new InvalidRequestException("parameter_invalid", message, param);
    }

    public static InvalidRequestException missingParam(String param) {
        return new InvalidRequestException("parameter_missing", "Missing required parameter: " + param + ".", param);
    }

    @Override
    public String title() {
        return "Invalid request";
    }
}
