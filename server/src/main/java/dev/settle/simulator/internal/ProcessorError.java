package dev.settle.simulator.internal;

import dev.settle.shared.ApiException;

/** The processor failing on its side (the 5xx test card): answered 500, and nothing is kept. */
final class ProcessorError extends ApiException {

    ProcessorError() {
        super(500, "processor_error", "The processor had an internal error. Nothing was charged.", null);
    }

    @Override
    public String title() {
        return "Processor error";
    }
}
