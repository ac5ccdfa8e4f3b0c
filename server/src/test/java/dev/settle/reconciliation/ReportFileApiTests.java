package dev.settle.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.settle.support.Api;
import dev.settle.support.SettleTest;

/**
 * A report's file is handed out as a short-lived link that downloads it with a plain GET and no
 * API key (a presigned URL on S3: {@link ReportFileApiOnS3Tests}); a changed link is refused, and
 * another account's report or file is not found.
 */
@SettleTest
class ReportFileApiTests {

    static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    Api api;

    static String csv(String reference) {
        return "id,type,reference,amount,fee,net,currency,created\nstx_f1,charge," + reference + ",900,30,870,usd,"
                + Instant.now().getEpochSecond() + "\n";
    }

    static HttpResponse<String> plainGet(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aReportsFileDownloadsThroughItsLinkWithoutAKeyUntilItExpires() throws Exception {
        Api.Account account = api.newAccount();
        String csv = csv("sch_file_" + account.id());
        Api.Response report = Reconciliation.upload(api, account.testKey(), csv);
        assertThat(report.status()).as(report.toString()).isEqualTo(200);

        long before = Instant.now().getEpochSecond();
        Api.Response link = api.get("/v1/reconciliation/reports/" + report.text("id") + "/file", account.testKey());
        assertThat(link.status()).as(link.toString()).isEqualTo(200);
        assertThat(link.text("object")).isEqualTo("file_link");
        assertThat(link.text("report")).isEqualTo(report.text("id"));
        assertThat(link.text("sha256")).isEqualTo(report.text("sha256"));
        assertThat(link.json().path("size").asLong()).isEqualTo(csv.length());
        assertThat(link.json().path("expires_at").asLong()).as("settle.files.link-ttl, 5 minutes")
                .isBetween(before + 299, Instant.now().getEpochSecond() + 300);

        HttpResponse<String> download = plainGet(link.text("url"));
        assertThat(download.statusCode()).as(download.body()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(csv);
        assertThat(download.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/csv"));
        assertThat(download.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"report-" + report.text("id") + ".csv\"");

        String tampered = link.text("url").replaceFirst("(?i)(signature=)(.)", "$1" + "X");
        assertThat(tampered).isNotEqualTo(link.text("url"));
        assertThat(plainGet(tampered).statusCode()).as("a link whose signature was changed").isEqualTo(403);
    }

    @Test
    void anotherAccountsReportAndFileAreNotFound() {
        Api.Account owner = api.newAccount();
        Api.Account other = api.newAccount();
        Api.Response report = Reconciliation.upload(api, owner.testKey(), csv("sch_mine_" + owner.id()));
        assertThat(report.status()).as(report.toString()).isEqualTo(200);

        Api.Response link = api.get("/v1/reconciliation/reports/" + report.text("id") + "/file", other.testKey());
        assertThat(link.status()).as(link.toString()).isEqualTo(404);
        Api.Response ingest = api.post("/v1/reconciliation/reports", other.testKey(), "{\"file\":\"" + report.text("file") + "\"}");
        assertThat(ingest.status()).as(ingest.toString()).isEqualTo(404);
        // The owner's live mode is another prefix too.
        assertThat(api.get("/v1/reconciliation/reports/" + report.text("id") + "/file", owner.liveKey()).status()).isEqualTo(404);
        assertThat(api.get("/v1/reconciliation/reports/rpt_nope/file", owner.testKey()).status()).isEqualTo(404);
    }
}
