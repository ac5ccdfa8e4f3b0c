package dev.settle.support.crash;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.settle.support.Api;

/**
 * Once Settle is back, its clients send every request the crash cut off again, with the same
 * Idempotency-Key, as a careful integration does. Each must be answered (a 409 means the first
 * attempt still holds the key: wait and send again); a 200 is an acknowledgement like any other.
 */
final class Retries {

    static final String SENT_AGAIN = "sent again: ";

    private static final Duration WITHIN = Duration.ofSeconds(60);

    private Retries() {
    }

    static List<Violation> resend(Api api, String key, List<Load.CutOff> requests, Acknowledged acknowledged, Load tally)
            throws InterruptedException {
        List<Violation> unanswered = new CopyOnWriteArrayList<>();
        try (ExecutorService senders = Executors.newFixedThreadPool(4)) {
            for (Load.CutOff request : requests) {
                senders.execute(() -> {
                    String last = resend(api, key, request, acknowledged, tally);
                    if (last != null) {
                        unanswered.add(new Violation("a request cut off by the crash got no answer when sent again",
                                request.idempotencyKey(), request.path() + ", last answer " + last));
                    }
                });
            }
        }
        return unanswered;
    }

    /** Null once answered; otherwise the last status seen. */
    private static String resend(Api api, String key, Load.CutOff request, Acknowledged acknowledged, Load tally) {
        Instant deadline = Instant.now().plus(WITHIN);
        String last = "none";
        while (Instant.now().isBefore(deadline)) {
            try {
                Api.Response answer = api.post(request.path(), key, request.body(), request.idempotencyKey());
                if (answer.status() == 200) {
                    tally.count(SENT_AGAIN + request.path().substring(4) + " " + acknowledged.record(answer));
                    return null;
                }
                last = answer.status() + " " + answer.text("code");
                if (answer.status() != 409 && answer.status() < 500) {
                    tally.count(SENT_AGAIN + "rejected " + last);
                    return null;
                }
            } catch (RuntimeException noAnswer) {
                last = "no answer";
            }
            Load.pause(500);
        }
        return last;
    }
}
