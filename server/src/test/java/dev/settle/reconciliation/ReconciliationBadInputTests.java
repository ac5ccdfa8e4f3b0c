package dev.settle.reconciliation;

import static dev.settle.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.settle.support.Api;
import dev.settle.support.SettleTest;

/** Bad reports and bad requests: a clear 4xx or per-line errors, and nothing half-written. */
@SettleTest
class ReconciliationBadInputTests {

    private static final String HEADER = "id,type,reference,amount,fee,net,currency,created\n";

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    private long reports(Api.Account account) {
        return jdbc.sql("SELECT count(*) FROM reconciliation_reports WHERE account_id = :a").param("a", account.id()).query(Long.class).single();
    }

    @Test
    void aFileRefusedAsAWholeIsA400AndWritesNothing() {
        Api.Account account = api.newAccount();
        String key = account.testKey();

        assertProblem(api.upload("/v1/reconciliation/reports", key, new byte[0], "text/csv"), 400, "report_empty", "file");
        assertProblem(api.upload("/v1/reconciliation/reports", key, "\n\n".getBytes(StandardCharsets.UTF_8), "text/csv"), 400,
                "report_empty", "file");
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) (i % 128);
        }
        assertProblem(api.upload("/v1/reconciliation/reports", key, binary, "application/octet-stream"), 400, "report_not_csv", "file");
        byte[] gzip = {0x1f, (byte) 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03};
        assertThat(api.upload("/v1/reconciliation/reports", key, gzip, "application/octet-stream").text("code"))
                .isIn("report_not_csv", "report_encoding_invalid");
        byte[] latin1 = (HEADER + "stx_1,charge,sch_1,100,3,97,usd,1700000000,caf\u00e9\n").getBytes(StandardCharsets.ISO_8859_1);
        assertProblem(api.upload("/v1/reconciliation/reports", key, latin1, "text/csv"), 400, "report_encoding_invalid", "file");
        assertProblem(Reconciliation.upload(api, key, "date,amount,currency\n2024-01-01,5.00,usd\n"), 400, "report_layout_unknown", "file");
        assertProblem(Reconciliation.upload(api, key, HEADER + "stx_1,charge,\"sch_1,100\n"), 400, "report_not_csv", "file");

        assertThat(reports(account)).isZero();
        assertThat(api.get("/v1/reconciliation/runs", key).json().path("data")).isEmpty();
    }

    @Test
    void badLinesAreReportedByLineNumberAndTheGoodOnesAreTaken() {
        Api.Account account = api.newAccount();
        long now = Instant.now().getEpochSecond();
        String csv = HEADER
                + "stx_a,charge,sch_good1,1000,59,941,usd," + now + "\n"
                + "stx_b,charge,sch_bad1,12x,59,941,usd," + now + "\n"
                + "stx_c,charge,sch_bad2,1000,59,941,zzz," + now + "\n"
                + "stx_d,charge,sch_bad3,1000,59,900,usd," + now + "\n"
                + "stx_e,charge,,1000,59,941,usd," + now + "\n"
                + "stx_f,charge,sch_bad5,1000,59,941,usd,yesterday\n"
                + "stx_g,charge,sch_bad6,1000\n"
                + "stx_h,refund,sch_good2,-500,0,-500,jpy," + now + "\n";

        Api.Response report = Reconciliation.upload(api, account.testKey(), csv);

        assertThat(report.status()).as(report.toString()).isEqualTo(200);
        assertThat(report.json().path("lines").asInt()).isEqualTo(2);
        assertThat(report.json().path("error_count").asInt()).isEqualTo(6);
        assertThat(report.json().path("errors").valueStream().map(e -> e.path("line").asInt() + " " + e.path("code").asString()).toList())
                .containsExactly("3 invalid_amount", "4 invalid_currency", "5 net_mismatch", "6 line_incomplete", "7 invalid_date",
                        "8 line_incomplete");
        Reconciliation.awaitRun(api, account.testKey(), report.text("run"));
        assertThat(Reconciliation.items(api, account.testKey(), "run=" + report.text("run")))
                .extracting(item -> item.path("reference").asString()).containsExactlyInAnyOrder("sch_good1", "sch_good2");
    }

    @Test
    void aMultipartReportPastTheOneMebibyteBodyLimitIsTaken() {
        Api.Account account = api.newAccount();
        StringBuilder csv = new StringBuilder(HEADER);
        long now = Instant.now().getEpochSecond();
        for (int i = 0; csv.length() < 3_000_000; i++) {
            csv.append("stx_").append(i).append(",charge,sch_big_").append(i).append(",1000,59,941,usd,").append(now).append('\n');
        }
        int lines = (int) csv.chars().filter(c -> c == '\n').count() - 1;
        String boundary = "settle-big-boundary";
        byte[] body = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n" + csv + "\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);

        Api.Response report = api.upload("/v1/reconciliation/reports", account.testKey(), body, "multipart/form-data; boundary=" + boundary);

        assertThat(report.status()).as(report.toString()).isEqualTo(200);
        assertThat(report.json().path("lines").asInt()).isEqualTo(lines);
        // Every other POST keeps the 1 MiB limit.
        assertProblem(api.upload("/v1/customers", account.testKey(), body, "multipart/form-data; boundary=" + boundary), 413,
                "request_too_large");
    }

    @Test
    void anotherAccountsRunsItemsAndFilesAreNotFound() {
        Api.Account owner = api.newAccount();
        Api.Account other = api.newAccount();
        Api.Response report = Reconciliation.upload(api, owner.testKey(),
                HEADER + "stx_a,charge,sch_x,1000,59,941,usd," + Instant.now().getEpochSecond() + "\n");
        String run = report.text("run");
        Reconciliation.awaitRun(api, owner.testKey(), run);
        String item = Reconciliation.items(api, owner.testKey(), "run=" + run).getFirst().path("id").asString();

        assertProblem(api.get("/v1/reconciliation/runs/" + run, other.testKey()), 404, "resource_missing", "id");
        assertProblem(api.get("/v1/reconciliation/runs/" + run, owner.liveKey()), 404, "resource_missing", "id");
        assertProblem(api.get("/v1/reconciliation/items?run=" + run, other.testKey()), 404, "resource_missing", "run");
        assertProblem(api.get("/v1/reconciliation/items/" + item, other.testKey()), 404, "resource_missing", "id");
        assertProblem(api.post("/v1/reconciliation/items/" + item + "/resolve", other.testKey(), "{\"action\":\"ignore\"}"), 404,
                "resource_missing", "id");
        assertProblem(api.post("/v1/reconciliation/reports", other.testKey(), "{\"file\":\"" + report.text("file") + "\"}"), 404,
                "resource_missing", "file");
        assertProblem(api.get("/v1/reconciliation/runs?starting_after=" + run, other.testKey()), 404, "resource_missing", "starting_after");
        // The owner may ingest its stored file by reference: the same file, so the same report.
        Api.Response again = api.post("/v1/reconciliation/reports", owner.testKey(), "{\"file\":\"" + report.text("file") + "\"}");
        assertThat(again.json().path("duplicate").asBoolean()).isTrue();
        assertThat(again.text("id")).isEqualTo(report.text("id"));
    }

    @Test
    void badParametersAreRefused() {
        Api.Account account = api.newAccount();
        String key = account.testKey();
        assertProblem(api.get("/v1/reconciliation/items?class=fine", key), 400, "parameter_invalid", "class");
        assertProblem(api.get("/v1/reconciliation/items?date=yesterday", key), 400, "parameter_invalid", "date");
        assertProblem(api.get("/v1/reconciliation/items?currency=zzz", key), 400, "invalid_currency", "currency");
        assertProblem(api.post("/v1/reconciliation/items/rci_nope/resolve", key, "{\"action\":\"ignore\"}"), 404, "resource_missing", "id");
        assertProblem(api.post("/v1/reconciliation/items/rci_nope/resolve", key, "{\"note\":\"x\"}"), 400, "parameter_missing", "action");
        assertProblem(api.post("/v1/reconciliation/items/rci_nope/resolve", key, "{\"action\":\"forgive\"}"), 400, "parameter_invalid",
                "action");
        assertProblem(api.post("/v1/reconciliation/items/rci_nope/resolve", key, "{\"action\":\"ignore\",\"by\":\"me\"}"), 400,
                "parameter_unknown", "by");
        assertProblem(api.post("/v1/reconciliation/settings", key, "{\"sla_days\":91}"), 400, "parameter_invalid", "sla_days");
        assertProblem(api.post("/v1/reconciliation/settings", key, "{\"sla_days\":\"3\"}"), 400, "parameter_invalid", "sla_days");
        assertProblem(api.post("/v1/reconciliation/reports", key, "{\"file\":7}"), 400, "parameter_invalid", "file");
        assertProblem(api.post("/v1/reconciliation/reports", key, "{\"path\":\"x\"}"), 400, "parameter_unknown", "path");
        assertProblem(api.post("/v1/reconciliation/reports/fetch", key, "{\"date\":\"2024-02-30\"}"), 400, "parameter_invalid", "date");
        assertProblem(api.post("/v1/reconciliation/reports/fetch", key, "{\"date\":\"2024-02-01\",\"breaks\":[\"boom\"]}"), 400,
                "parameter_invalid", "breaks");
        assertProblem(api.post("/v1/reconciliation/reports/fetch", account.liveKey(), "{\"date\":\"2024-02-01\",\"breaks\":[\"fee\"]}"),
                400, "parameter_invalid", "breaks");
        assertThat(api.upload("/v1/reconciliation/reports", key, "<xml/>".getBytes(StandardCharsets.UTF_8), "application/xml").status())
                .isEqualTo(415);
        assertThat(reports(account)).isZero();
    }
}
