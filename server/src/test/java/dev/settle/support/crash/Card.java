package dev.settle.support.crash;

import java.util.Random;

/**
 * The simulator's test cards the campaign pays with (docs/payments.md), and how often each is
 * drawn. The asynchronous, timeout and 500 cards are the documented 4000 0990 … numbers.
 */
enum Card {

    SUCCESS("4242424242424242", 30),
    DECLINE("4000000000000002", 10),
    THREE_D_SECURE("4000002500003155", 12),
    ASYNC_SUCCESS("4000099000000012", 12),
    ASYNC_FAILURE("4000099000000020", 8),
    TIMEOUT("4000099000000038", 14),
    SERVER_ERROR("4000099000000046", 14);

    private static final int TOTAL = java.util.Arrays.stream(values()).mapToInt(card -> card.weight).sum();

    final String number;
    private final int weight;

    Card(String number, int weight) {
        this.number = number;
        this.weight = weight;
    }

    static Card pick(Random random) {
        int draw = random.nextInt(TOTAL);
        for (Card card : values()) {
            draw -= card.weight;
            if (draw < 0) {
                return card;
            }
        }
        throw new IllegalStateException();
    }
}
