package dev.settle.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.gaul.s3proxy.S3Proxy;
import org.junit.jupiter.api.Test;

import dev.settle.support.Api;
import dev.settle.support.ClusterNodes;
import dev.settle.support.NeedsService;
import dev.settle.support.S3Server;
import tools.jackson.databind.JsonNode;

/**
 * S3 gone under a running node: health shows {@code s3} DEGRADED (still 200, so the node stays in
 * the load balancer), a report upload and a download link answer 503 {@code files_unavailable},
 * and the refused upload leaves no report and no run behind.
 */
@NeedsService(name = "PostgreSQL", port = 5432)
class S3OutageTests {

    @Test
    void withS3DownUploadsAndLinksAre503AndNothingIsWrittenWhileHealthIsDegraded() throws Exception {
        S3Server.shared(); // the SDK's credentials
        S3Proxy proxy = S3Server.start(null, 0);
        boolean stopped = false;
        try (ClusterNodes cluster = new ClusterNodes()) {
            Api node = cluster.start("settle.files.s3.bucket=" + S3Server.BUCKET, "settle.files.s3.endpoint=http://127.0.0.1:" + proxy.getPort(),
                    "settle.files.s3.path-style=true", "settle.files.s3.prefix=outage/");
            Api.Account account = node.newAccount();
            Api.Response first = upload(node, account.testKey(), "sch_before");
            assertThat(first.status()).as(first.toString()).isEqualTo(200);

            proxy.stop();
            stopped = true;
            Api.Response health = node.get("/actuator/health", null);
            assertThat(health.status()).isEqualTo(200);
            JsonNode components = health.json().path("components");
            assertThat(components.path("s3").path("status").asString()).isEqualTo("DEGRADED");
            assertThat(health.json().path("status").asString()).isEqualTo("DEGRADED");

            Api.Response refused = upload(node, account.testKey(), "sch_during");
            assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
            assertThat(refused.text("code")).isEqualTo("files_unavailable");
            Api.Response link = node.get("/v1/reconciliation/reports/" + first.text("id") + "/file", account.testKey());
            assertThat(link.status()).as(link.toString()).isEqualTo(503);
            JsonNode runs = node.get("/v1/reconciliation/runs", account.testKey()).json().path("data");
            assertThat(runs.size()).as("only the report stored before the outage has a run").isEqualTo(1);
        } finally {
            if (!stopped) {
                proxy.stop();
            }
        }
    }

    private static Api.Response upload(Api node, String key, String reference) {
        String csv = "id,type,reference,amount,fee,net,currency,created\nstx_o1,charge," + reference + ",900,30,870,usd,"
                + Instant.now().getEpochSecond() + "\n";
        return node.upload("/v1/reconciliation/reports", key, csv.getBytes(StandardCharsets.UTF_8), "text/csv");
    }
}
