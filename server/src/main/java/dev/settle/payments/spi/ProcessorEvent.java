package dev.settle.payments.spi;

/**
 * A verified webhook from a processor: its own event id (for dedupe), its type and the
 * processor's id of the charge or refund it concerns.
 *
 * @param objectType {@code charge} or {@code refund}
 */
public record ProcessorEvent(String id, String type, String objectType, String objectReference, String rawBody) {
}
