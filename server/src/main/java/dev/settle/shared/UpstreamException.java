package dev.settle.shared;

/** 502: a service Settle depends on (a processor) could not answer a call that moves no money. */
public class UpstreamException extends ApiException {

    public UpstreamException(String code, String message) {
        super(502, code, message, null);
    }

    @Override
    public String title() {
        return "Bad gateway";
    }
}
