package dev.settle.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.settle.support.Api;
import dev.settle.support.RawWebSocket;
import dev.settle.support.SettleTest;
import dev.settle.support.StreamClient;
import tools.jackson.databind.JsonNode;

/**
 * Clients that do not keep up: one that stops reading is closed as a slow consumer with the
 * sequence to resume from, and loses nothing by resuming; one that answers no ping is closed.
 */
@SettleTest
class StreamBackpressureTests {

    @Autowired
    Api api;

    /** About 20 KB of metadata, so the socket's buffers fill after a few hundred events. */
    private static final String BULKY = bulky();

    private static String bulky() {
        StringBuilder metadata = new StringBuilder("{");
        for (int i = 0; i < 40; i++) {
            metadata.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"").append("x".repeat(500)).append('"');
        }
        return "{\"metadata\":" + metadata + "}}";
    }

    @Test
    void aClientThatStopsReadingIsClosedAsASlowConsumerAndResumesWithoutLoss() throws Exception {
        Api.Account account = api.newAccount();
        RawWebSocket.Handshake handshake = RawWebSocket.connect(api.baseUrl(), "/v1/stream",
                Map.of("Authorization", "Bearer " + account.testKey()), 4096);
        assertThat(handshake.status()).isEqualTo(101);
        int count = 700;
        try (RawWebSocket stalled = handshake.socket(); ExecutorService writers = Executors.newFixedThreadPool(8)) {
            List<Future<Api.Response>> created = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                created.add(writers.submit(() -> api.post("/v1/customers", account.testKey(), BULKY)));
            }
            for (Future<Api.Response> each : created) {
                assertThat(each.get().status()).isEqualTo(200);
            }
            // Now read what the server managed to send before it gave up on this client.
            List<Long> received = new ArrayList<>();
            RawWebSocket.Frame frame = stalled.readSkippingPings();
            while (frame.opcode() == RawWebSocket.Frame.TEXT) {
                received.add(Api.json().readTree(frame.text()).path("sequence").asLong());
                frame = stalled.readSkippingPings();
            }
            assertThat(frame.opcode()).isEqualTo(RawWebSocket.Frame.CLOSE);
            assertThat(frame.closeCode()).isEqualTo(4008);
            JsonNode reason = Api.json().readTree(frame.closeReason());
            assertThat(reason.path("code").asString()).isEqualTo("slow_consumer");
            assertThat(received).as("what was sent before the close, in order")
                    .isEqualTo(LongStream.rangeClosed(1, received.size()).boxed().toList());
            long last = reason.path("last_sequence").asLong();
            assertThat(last).isEqualTo(received.size()).isLessThan(count);

            try (StreamClient resumed = StreamClient.open(api, "after_sequence=" + last, account.testKey())) {
                List<JsonNode> rest = resumed.take(count - (int) last, Duration.ofSeconds(60));
                assertThat(rest.stream().map(event -> event.path("sequence").asLong()).toList())
                        .isEqualTo(LongStream.rangeClosed(last + 1, count).boxed().toList());
                assertThat(resumed.poll(Duration.ofMillis(300))).isNull();
            }
        }
    }

    @Test
    void aClientThatAnswersNoPingIsClosedAndOneThatDoesStaysOpen() throws Exception {
        Api.Account account = api.newAccount();
        RawWebSocket.Handshake handshake = RawWebSocket.connect(api.baseUrl(), "/v1/stream",
                Map.of("Authorization", "Bearer " + account.testKey()), 0);
        try (RawWebSocket silent = handshake.socket(); StreamClient answering = StreamClient.open(api, "", account.testKey())) {
            int pings = 0;
            RawWebSocket.Frame frame = silent.read();
            while (frame.opcode() == RawWebSocket.Frame.PING) {
                pings++;
                frame = silent.read();
            }
            assertThat(pings).isEqualTo(2);
            assertThat(frame.opcode()).isEqualTo(RawWebSocket.Frame.CLOSE);
            assertThat(frame.closeCode()).isEqualTo(4009);
            assertThat(Api.json().readTree(frame.closeReason()).path("code").asString()).isEqualTo("heartbeat_timeout");
            assertThat(answering.isClosed()).as("the JDK client answers pings").isFalse();
        }
    }
}
