package dev.settle.simulator;

/**
 * Where the running simulator is and the secrets to speak with it. A connector calls
 * {@link #baseUrl()} with {@code Authorization: Bearer} {@link #apiKey()} and verifies the
 * {@code Simulator-Signature} of the webhooks it sends under {@link #webhookSecret()}.
 */
public interface Simulator {

    /** For example {@code http://localhost:41234}, without a trailing slash. */
    String baseUrl();

    String apiKey();

    String webhookSecret();
}
