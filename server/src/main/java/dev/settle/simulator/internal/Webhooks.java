package dev.settle.simulator.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.settle.shared.Ids;
import tools.jackson.databind.json.JsonMapper;

/**
 * Signed webhooks to the configured URL. An event is recorded in the transaction of the change
 * it reports and sent once that commits; a non-2xx answer or a connection error is retried
 * with exponential backoff from one second, up to the configured number of retries.
 */
final class Webhooks {

    private static final Logger log = LoggerFactory.getLogger(Webhooks.class);
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final EventRepository events;
    private final Signatures signatures;
    private final JsonMapper json;
    private final Clock clock;
    private final Background background;
    private final HttpClient http;
    private final int retries;
    private final Supplier<@Nullable URI> target;

    Webhooks(EventRepository events, Signatures signatures, JsonMapper json, Clock clock, Background background, HttpClient http,
            int retries, Supplier<@Nullable URI> target) {
        this.events = events;
        this.signatures = signatures;
        this.json = json;
        this.clock = clock;
        this.background = background;
        this.http = http;
        this.retries = retries;
        this.target = target;
    }

    /** Records the event in the caller's transaction; it is delivered after that commits. */
    void publish(String type, String objectId, Object object) {
        String id = Ids.newId("sevt");
        Instant now = clock.instant();
        String payload = json.writeValueAsString(new EventJson(id, "event", type, now.getEpochSecond(), new EventJson.Data(object)));
        events.insert(id, type, objectId, payload, now);
        Background.afterCommit(() -> background.now("webhook " + id, () -> attempt(id)));
    }

    /** Delivers what a previous run left undelivered. */
    void resumePending() {
        for (String id : events.pending()) {
            background.now("webhook " + id, () -> attempt(id));
        }
    }

    private void attempt(String eventId) {
        EventRepository.PendingEvent event = events.findPending(eventId).orElse(null);
        if (event == null) {
            return;
        }
        URI url = target.get();
        Integer status = null;
        String error = null;
        if (url == null) {
            error = "No webhook URL is known yet";
        } else {
            try {
                status = send(url, event.payload());
            } catch (IOException e) {
                error = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        boolean delivered = status != null && status >= 200 && status < 300;
        int retriesDone = event.attempts();
        boolean retry = !delivered && retriesDone < retries;
        events.recordAttempt(eventId, delivered ? "delivered" : retry ? "pending" : "failed", url, status, error, clock.instant());
        if (retry) {
            Duration backoff = FIRST_BACKOFF.multipliedBy(1L << retriesDone);
            log.debug("Webhook {} to {} failed ({}); retrying in {}", eventId, url, status != null ? status : error, backoff);
            background.later(backoff, "webhook " + eventId, () -> attempt(eventId));
        } else if (!delivered) {
            log.warn("Webhook {} to {} failed after {} attempts ({})", eventId, url, retriesDone + 1, status != null ? status : error);
        }
    }

    private int send(URI url, String payload) throws IOException, InterruptedException {
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Simulator-Signature", signatures.header(timestamp, payload))
                .header("User-Agent", "settle-simulator")
                .POST(HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** The event envelope: {@code {"id", "object": "event", "type", "created", "data": {"object": …}}}. */
    record EventJson(String id, String object, String type, long created, Data data) {

        record Data(Object object) {
        }
    }
}
