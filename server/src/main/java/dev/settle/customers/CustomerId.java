package dev.settle.customers;

/** A customer's id, {@code cus_…}. */
public record CustomerId(String value) {

    @Override
    public String toString() {
        return value;
    }
}
