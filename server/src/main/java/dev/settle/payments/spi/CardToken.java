package dev.settle.payments.spi;

/** What the processor returns for a card: a token to charge, and what may be shown of the card. */
public record CardToken(String token, String brand, String last4, int expMonth, int expYear, String fingerprint) {
}
