package dev.settle.shared;

/** 413: the request body is larger than the server accepts. */
public class PayloadTooLargeException extends ApiException {

    public PayloadTooLargeException(long limitBytes) {
        super(413, "request_too_large", "Request bodies are limited to " + limitBytes + " bytes.", null);
    }

    @Override
    public String title() {
        return "Payload too large";
    }
}
