package dev.settle.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.settle.support.Api;
import dev.settle.support.Payments;
import tools.jackson.databind.JsonNode;

/** Reconciliation over the public API, as a merchant's back office would call it. */
final class Reconciliation {

    private Reconciliation() {
    }

    static Api.Response upload(Api api, String key, String csv) {
        return api.upload("/v1/reconciliation/reports", key, csv.getBytes(StandardCharsets.UTF_8), "text/csv");
    }

    /** Polls the run until it is completed (the background job does it). */
    static Api.Response awaitRun(Api api, String key, String runId) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        Api.Response run = api.get("/v1/reconciliation/runs/" + runId, key);
        while (!"completed".equals(run.text("status")) && Instant.now().isBefore(deadline)) {
            Payments.sleep(100);
            run = api.get("/v1/reconciliation/runs/" + runId, key);
        }
        assertThat(run.text("status")).as(run.toString()).isEqualTo("completed");
        return run;
    }

    /** Every item of the query, following the cursor. */
    static List<JsonNode> items(Api api, String key, String query) {
        List<JsonNode> all = new ArrayList<>();
        String after = null;
        while (true) {
            Api.Response page = api.get("/v1/reconciliation/items?limit=100&" + query + (after == null ? "" : "&starting_after=" + after), key);
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            page.json().path("data").forEach(all::add);
            if (!page.json().path("has_more").asBoolean()) {
                return all;
            }
            after = all.getLast().path("id").asString();
        }
    }
}
