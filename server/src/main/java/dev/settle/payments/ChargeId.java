package dev.settle.payments;

/** An id, {@code ch_…}. */
public record ChargeId(String value) {

    @Override
    public String toString() {
        return value;
    }
}
