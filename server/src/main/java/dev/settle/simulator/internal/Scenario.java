package dev.settle.simulator.internal;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What a test card makes the simulator do (DESIGN.md's table). Chosen from the number once,
 * at tokenization, and kept with the token in place of the number.
 */
enum Scenario {

    SUCCEEDS,
    GENERIC_DECLINE,
    INSUFFICIENT_FUNDS,
    EXPIRED_CARD,
    INCORRECT_CVC,
    THREE_D_SECURE,
    REFUND_FAILS,
    ASYNC_SUCCEEDS,
    ASYNC_FAILS,
    TIMEOUT,
    PROCESSOR_ERROR;

    private static final Map<String, Scenario> BY_NUMBER = Map.ofEntries(
            Map.entry("4000000000000002", GENERIC_DECLINE),
            Map.entry("4000000000009995", INSUFFICIENT_FUNDS),
            Map.entry("4000000000000069", EXPIRED_CARD),
            Map.entry("4000000000000127", INCORRECT_CVC),
            Map.entry("4000002500003155", THREE_D_SECURE),
            Map.entry("4000000000005126", REFUND_FAILS),
            Map.entry("4000099000000012", ASYNC_SUCCEEDS),
            Map.entry("4000099000000020", ASYNC_FAILS),
            Map.entry("4000099000000038", TIMEOUT),
            Map.entry("4000099000000046", PROCESSOR_ERROR));

    /** Any number not in the table succeeds, as 4242 4242 4242 4242 does. */
    static Scenario of(String cardNumber) {
        return BY_NUMBER.getOrDefault(cardNumber, SUCCEEDS);
    }

    /** The decline a charge with this card meets at once, or null when it is not declined up front. */
    @Nullable Decline immediateDecline() {
        return switch (this) {
            case GENERIC_DECLINE -> Decline.GENERIC;
            case INSUFFICIENT_FUNDS -> new Decline("card_declined", "insufficient_funds", "Your card has insufficient funds.");
            case EXPIRED_CARD -> new Decline("expired_card", "expired_card", "Your card has expired.");
            case INCORRECT_CVC -> new Decline("incorrect_cvc", "incorrect_cvc", "Your card's security code is incorrect.");
            default -> null;
        };
    }

    /** Why a charge or refund failed, as the API reports it. */
    record Decline(String failureCode, @Nullable String declineCode, String message) {

        static final Decline GENERIC = new Decline("card_declined", "generic_decline", "Your card was declined.");
        static final Decline AUTHENTICATION_FAILED =
                new Decline("authentication_failed", null, "The customer did not complete 3-D Secure authentication.");
    }
}
