package dev.settle.payments;

/** An id, {@code pm_…}. */
public record PaymentMethodId(String value) {

    @Override
    public String toString() {
        return value;
    }
}
