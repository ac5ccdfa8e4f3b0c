package dev.settle.support.crash;

/**
 * One broken promise: what kind, about which object (a payment intent, an event, a round), and
 * the evidence. The same kind and subject found again in a later round is the same violation.
 */
record Violation(String kind, String subject, String evidence) {

    String key() {
        return kind + " " + subject;
    }

    @Override
    public String toString() {
        return subject + (evidence.isEmpty() ? "" : " (" + evidence + ")");
    }
}
