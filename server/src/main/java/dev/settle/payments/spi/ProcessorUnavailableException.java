package dev.settle.payments.spi;

/** The processor could not be reached for a call that moves no money (tokenization, lookups). */
public class ProcessorUnavailableException extends RuntimeException {

    public ProcessorUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public ProcessorUnavailableException(String message) {
        super(message);
    }
}
