package dev.settle.payments.spi;

/** Raw card data on its way to the processor. {@link #toString()} never shows the number or CVC. */
public record CardDetails(String number, int expMonth, int expYear, String cvc) {

    @Override
    public String toString() {
        return "CardDetails[number=****, expMonth=" + expMonth + ", expYear=" + expYear + ", cvc=***]";
    }
}
