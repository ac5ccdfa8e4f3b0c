package dev.settle.payments.spi;

/** The processor refused to tokenize a card (e.g. {@code invalid_number}); {@code field} names the card field. */
public class CardRejectedException extends RuntimeException {

    private final String code;
    private final String field;

    public CardRejectedException(String code, String field, String message) {
        super(message);
        this.code = code;
        this.field = field;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }
}
