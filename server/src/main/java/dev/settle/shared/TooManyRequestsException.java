package dev.settle.shared;

/** 429: the caller holds too much of a limited resource at once (open streams, say); retry once it has let some go. */
public class TooManyRequestsException extends ApiException {

    public TooManyRequestsException(String code, String message) {
        super(429, code, message, null);
    }

    @Override
    public String title() {
        return "Too many requests";
    }
}
