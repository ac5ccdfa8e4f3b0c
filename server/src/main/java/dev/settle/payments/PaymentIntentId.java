package dev.settle.payments;

/** An id, {@code pi_…}. */
public record PaymentIntentId(String value) {

    @Override
    public String toString() {
        return value;
    }
}
