package dev.settle.payments.spi;

/** An inbound webhook that is unsigned, wrongly signed, stale or unreadable. */
public class WebhookVerificationException extends RuntimeException {

    private final String code;

    public WebhookVerificationException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
