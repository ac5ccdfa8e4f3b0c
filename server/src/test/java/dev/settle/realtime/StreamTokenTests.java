package dev.settle.realtime;

import static dev.settle.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.settle.support.Api;
import dev.settle.support.RawWebSocket;
import dev.settle.support.SettleTest;
import dev.settle.support.StreamClient;

/** Stream tokens: how a browser opens a stream without holding a secret key. */
@SettleTest
class StreamTokenTests {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    Api api;

    private String token(String key) {
        Api.Response minted = api.post("/v1/stream_tokens", key, "{}");
        assertThat(minted.status()).as(minted.toString()).isEqualTo(200);
        assertThat(minted.text("object")).isEqualTo("stream_token");
        assertThat(minted.text("token")).matches("st_(test|live)_[0-9A-Za-z]{32}");
        return minted.text("token");
    }

    @Test
    void aTokenOpensOneStreamOnlyAndExpires() throws Exception {
        Api.Account account = api.newAccount();
        String token = token(account.testKey());
        try (StreamClient stream = StreamClient.open(api, "stream_token=" + token, null)) {
            api.post("/v1/customers", account.testKey(), "{}");
            assertThat(stream.take(1, WAIT).getFirst().path("type").asString()).isEqualTo("customer.created");
        }
        assertRefused("/v1/stream?stream_token=" + token, 401, "stream_token_invalid");

        String late = token(account.testKey());
        Thread.sleep(3_500);
        assertRefused("/v1/stream?stream_token=" + late, 401, "stream_token_expired");
        assertRefused("/v1/stream?stream_token=" + late, 401, "stream_token_invalid");
        assertRefused("/v1/stream?stream_token=st_test_" + "0".repeat(32), 401, "stream_token_invalid");
    }

    @Test
    void aTokenCanTravelAsASubprotocolAsBrowsersSendIt() throws Exception {
        Api.Account account = api.newAccount();
        String token = token(account.liveKey());
        try (StreamClient stream = StreamClient.open(api, "", null, "settle.v1", "settle.token." + token)) {
            assertThat(stream.subprotocol()).isEqualTo("settle.v1");
            api.post("/v1/customers", account.testKey(), "{}");
            api.post("/v1/customers", account.liveKey(), "{}");
            assertThat(stream.take(1, WAIT).getFirst().path("livemode").asBoolean()).as("the token's mode only").isTrue();
            assertThat(stream.poll(Duration.ofMillis(300))).isNull();
        }
    }

    @Test
    void onlyKeysThatReadEventsMintTokensAndARevokedKeysTokensStopWorking() throws Exception {
        Api.Account account = api.newAccount();
        String customersOnly = api.post("/v1/accounts/" + account.id() + "/keys", Api.OPERATOR_TOKEN,
                "{\"type\":\"restricted\",\"scopes\":[\"customers:read\"]}").text("secret");
        assertProblem(api.post("/v1/stream_tokens", customersOnly, "{}"), 403, "insufficient_scope");

        Api.Response eventsRead = api.post("/v1/accounts/" + account.id() + "/keys", Api.OPERATOR_TOKEN,
                "{\"type\":\"restricted\",\"scopes\":[\"events:read\"]}");
        String token = token(eventsRead.text("secret"));
        api.post("/v1/accounts/" + account.id() + "/keys/" + eventsRead.text("id") + "/revoke", Api.OPERATOR_TOKEN, "{}");
        assertRefused("/v1/stream?stream_token=" + token, 401, "api_key_revoked");

        assertProblem(api.get("/v1/customers?stream_token=" + token(account.testKey()), null), 401, "api_key_missing");
    }

    private void assertRefused(String pathAndQuery, int status, String code) throws Exception {
        RawWebSocket.Handshake answer = RawWebSocket.connect(api.baseUrl(), pathAndQuery, Map.of(), 0);
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(Api.json().readTree(answer.body()).path("code").asString()).isEqualTo(code);
    }
}
