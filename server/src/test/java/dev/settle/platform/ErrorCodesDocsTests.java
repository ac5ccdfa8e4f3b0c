package dev.settle.platform;

import static dev.settle.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;

import dev.settle.support.Api;
import dev.settle.support.Docs;
import dev.settle.support.Payments;
import dev.settle.support.SettleTest;

/**
 * Keeps the error tables of docs/ true. Every table with {@code status} and {@code code} columns
 * (api.md, refunds.md, webhooks.md, payments.md) is read; together they must list exactly the
 * status and code pairs the server's source can answer ({@link EmittedErrorCodes}). And each code of
 * api.md's two tables is provoked through the public API and must come back with the documented
 * status — or is named in {@link #NOT_DRIVEN} with the reason it cannot be provoked from outside.
 */
@SettleTest
class ErrorCodesDocsTests {

    private static final String CARD = "\"exp_month\":12,\"exp_year\":2034,\"cvc\":\"123\"";

    @Autowired
    Api api;

    record Documented(int status, String code, String at) {

        String pair() {
            return status + " " + code;
        }
    }

    /** Every status and code in every table of docs/ that has both columns. */
    static List<Documented> documented(List<Docs.Markdown> docs) {
        List<Documented> found = new ArrayList<>();
        for (Docs.Markdown doc : docs) {
            for (Docs.Table table : doc.tables()) {
                if (!table.hasColumns("status", "code")) {
                    continue;
                }
                for (Docs.Row row : table.rows()) {
                    assertThat(row.cell("status")).as(row.toString()).matches("\\d{3}");
                    List<String> codes = Docs.backticked(row.cell("code"));
                    assertThat(codes).as(row + ": backticked codes").isNotEmpty().allMatch(code -> code.matches("[a-z_]+"));
                    codes.forEach(code -> found.add(new Documented(Integer.parseInt(row.cell("status")), code, row.at())));
                }
            }
        }
        return found;
    }

    @Test
    void everyCodeTheServerCanAnswerIsDocumented() {
        EmittedErrorCodes emitted = EmittedErrorCodes.scan();
        assertThat(emitted.unreadable).as("error codes whose value the scan cannot read (teach EmittedErrorCodes.PASS_THROUGH)")
                .isEmpty();
        Set<String> documented = documented(Docs.all()).stream().map(Documented::pair).collect(Collectors.toSet());
        assertThat(emitted.codes).as("codes in the source").isNotEmpty();
        assertThat(emitted.codes.stream().filter(code -> !documented.contains(code.status() + " " + code.code()))
                .map(code -> code.status() + " " + code.code() + " (" + code.where() + ")").toList())
                .as("status and code the server can answer that no error table in docs/ lists").isEmpty();
    }

    @Test
    void everyDocumentedCodeIsOneTheServerCanAnswer() {
        Set<String> emitted = EmittedErrorCodes.scan().codes.stream().map(code -> code.status() + " " + code.code())
                .collect(Collectors.toSet());
        assertThat(documented(Docs.all()).stream().filter(code -> !emitted.contains(code.pair()))
                .map(code -> code.pair() + " (" + code.at() + ")").toList())
                .as("documented status and code that nothing in the source answers").isEmpty();
    }

    /** api.md's tables: every code provoked as a user could, or named in NOT_DRIVEN with why not. */
    @TestFactory
    Stream<DynamicTest> theApiGuidesCodesAreWhatTheServerAnswers() {
        Docs.Markdown guide = Docs.read("api");
        List<Documented> codes = documented(List.of(guide));
        assertThat(codes).as("codes in api.md's error tables").hasSizeGreaterThan(10);
        return codes.stream().map(code -> dynamicTest(code.pair() + " (" + code.at() + ")", () -> {
            var probe = PROBES.get(code.pair());
            if (probe == null) {
                // The code's probe under another status: run it, so a wrong status in the docs shows what the server answers.
                var sameCode = PROBES.entrySet().stream().filter(entry -> entry.getKey().endsWith(" " + code.code())).toList();
                probe = sameCode.size() == 1 ? sameCode.getFirst().getValue() : null;
            }
            if (probe != null) {
                Api.Account account = api.newAccount();
                assertProblem(probe.apply(new Probe(api, account)), code.status(), code.code());
            } else {
                assertThat(NOT_DRIVEN).as(code.at() + ": no probe provokes " + code.pair() + "; add one to PROBES, or the reason"
                        + " it cannot be provoked from outside to NOT_DRIVEN").containsKey(code.pair());
            }
        }));
    }

    @Test
    void probesAndExemptionsNameDocumentedCodes() {
        Set<String> documented = documented(List.of(Docs.read("api"))).stream().map(Documented::pair).collect(Collectors.toSet());
        Set<String> named = new TreeSet<>(PROBES.keySet());
        named.addAll(NOT_DRIVEN.keySet());
        assertThat(named).as("codes this test provokes or exempts that api.md does not list").isSubsetOf(documented);
        assertThat(PROBES.keySet()).as("a code is either provoked or exempt").doesNotContainAnyElementsOf(NOT_DRIVEN.keySet());
    }

    /** Status and code no request from outside can provoke on demand, and why. */
    private static final Map<String, String> NOT_DRIVEN = Map.of(
            "409 test_clock_unexpected_state", "needs an advance of the clock still in flight, which the billing job ends within a run",
            "400 card_rejected", "the connector's fallback for a processor refusal without a code; the simulator always names it",
            "409 capture_in_progress", "needs a capture the processor has not answered yet; the simulator answers captures at once",
            "409 request_conflict", "needs two requests writing the same object in the same instant (a race)",
            "500 internal_error", "a bug",
            "502 processor_unavailable", "needs the processor down",
            "503 service_unavailable", "needs the database pool exhausted (OverloadProblemTests)",
            "400 header_missing", "no endpoint takes a required header today; the mapping is there for one that will");

    /** A fresh account to provoke an error with. */
    record Probe(Api api, Api.Account account) {

        String key() {
            return account.testKey();
        }

        Api.Response post(String path, String body) {
            return api.post(path, key(), body);
        }

        String create(String path, String body) {
            Api.Response created = post(path, body);
            assertThat(created.status()).as(created.toString()).isEqualTo(200);
            return created.text("id");
        }

        String card(String number) {
            return create("/v1/payment_methods", "{\"type\":\"card\",\"card\":{\"number\":\"" + number + "\"," + CARD + "}}");
        }

        /** A raw request, for headers {@link Api} sets itself. */
        Api.Response raw(String method, String path, String contentType, String accept, String body) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.baseUrl() + path))
                    .header("Authorization", "Bearer " + key())
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (contentType != null) {
                request.header("Content-Type", contentType);
            }
            if (accept != null) {
                request.header("Accept", accept);
            }
            try {
                HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
                return new Api.Response(response.statusCode(), response,
                        response.body().isBlank() ? Api.json().missingNode() : Api.json().readTree(response.body()));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static final Map<String, Function<Probe, Api.Response>> PROBES = probes();

    /** An item of the class from the simulator's report of a payment made now, its currency broken. */
    private static String reconciledItem(Probe p, String itemClass) {
        Payments.pay(p.api(), p.key(), Payments.SUCCESS);
        Api.Response report = p.post("/v1/reconciliation/reports/fetch", "{\"date\":\"" + java.time.LocalDate.now(java.time.ZoneOffset.UTC)
                + "\",\"breaks\":[\"currency\"]}");
        for (int i = 0; i < 300 && !"completed".equals(p.api().get("/v1/reconciliation/runs/" + report.text("run"), p.key()).text("status")); i++) {
            Payments.sleep(100);
        }
        return p.api().get("/v1/reconciliation/items?class=" + itemClass, p.key()).json().path("data").path(0).path("id").asString();
    }

    private static Map<String, Function<Probe, Api.Response>> probes() {
        Map<String, Function<Probe, Api.Response>> probes = new LinkedHashMap<>();
        probes.put("429 rate_limit_exceeded", p -> {
            p.api().post("/v1/accounts/" + p.account().id() + "/rate_limits", Api.OPERATOR_TOKEN, "{\"test\":1}");
            p.api().get("/v1/customers", p.key());
            return p.api().get("/v1/customers", p.key());
        });
        probes.put("400 malformed_request", p -> p.api().get("/v1/customers/..%2Fx", p.key()));
        probes.put("401 api_key_missing", p -> p.api().get("/v1/customers", null));
        probes.put("401 api_key_malformed", p -> p.api().get("/v1/customers", "sk_test_short"));
        probes.put("401 api_key_invalid", p -> p.api().get("/v1/customers", "sk_test_" + "0".repeat(32)));
        probes.put("401 api_key_revoked", p -> {
            Api.Response key = p.api().post("/v1/accounts/" + p.account().id() + "/keys", Api.OPERATOR_TOKEN,
                    "{\"type\":\"restricted\",\"scopes\":[\"customers:read\"]}");
            p.api().post("/v1/accounts/" + p.account().id() + "/keys/" + key.text("id") + "/revoke", Api.OPERATOR_TOKEN, "{}");
            return p.api().get("/v1/customers", key.text("secret"));
        });
        probes.put("403 insufficient_scope", p -> {
            String key = p.api().post("/v1/accounts/" + p.account().id() + "/keys", Api.OPERATOR_TOKEN,
                    "{\"type\":\"restricted\",\"scopes\":[\"customers:read\"]}").text("secret");
            return p.api().post("/v1/customers", key, "{}");
        });
        probes.put("401 operator_token_invalid", p -> p.api().post("/v1/accounts", p.key(), "{\"name\":\"x\"}"));
        probes.put("400 livemode_not_allowed", p -> p.api().post("/v1/test_helpers/test_clocks", p.account().liveKey(),
                "{\"frozen_time\":1800000000}"));
        probes.put("409 product_has_prices", p -> {
            String product = p.create("/v1/products", "{\"name\":\"x\"}");
            p.create("/v1/prices", "{\"product\":\"" + product + "\",\"currency\":\"usd\",\"unit_amount\":1}");
            return p.api().delete("/v1/products/" + product, p.key());
        });
        probes.put("409 lookup_key_in_use", p -> {
            String product = p.create("/v1/products", "{\"name\":\"x\"}");
            String price = "{\"product\":\"" + product + "\",\"currency\":\"usd\",\"unit_amount\":1,\"lookup_key\":\"probe\"}";
            p.create("/v1/prices", price);
            return p.post("/v1/prices", price);
        });
        probes.put("409 subscription_unexpected_state", p -> {
            String customer = p.create("/v1/customers", "{}");
            String product = p.create("/v1/products", "{\"name\":\"x\"}");
            String price = p.create("/v1/prices", "{\"product\":\"" + product
                    + "\",\"currency\":\"usd\",\"unit_amount\":100,\"recurring\":{\"interval\":\"month\"}}");
            String sub = p.create("/v1/subscriptions", "{\"customer\":\"" + customer + "\",\"items\":[{\"price\":\"" + price
                    + "\"}],\"collection_method\":\"send_invoice\",\"days_until_due\":30}");
            p.api().delete("/v1/subscriptions/" + sub, p.key());
            return p.api().delete("/v1/subscriptions/" + sub, p.key());
        });
        probes.put("409 invoice_unexpected_state", p -> {
            String customer = p.create("/v1/customers", "{}");
            String product = p.create("/v1/products", "{\"name\":\"x\"}");
            String price = p.create("/v1/prices", "{\"product\":\"" + product
                    + "\",\"currency\":\"usd\",\"unit_amount\":100,\"recurring\":{\"interval\":\"month\"}}");
            Api.Response sub = p.post("/v1/subscriptions", "{\"customer\":\"" + customer + "\",\"items\":[{\"price\":\"" + price
                    + "\"}],\"collection_method\":\"send_invoice\",\"days_until_due\":30}");
            return p.post("/v1/invoices/" + sub.text("latest_invoice") + "/finalize", "{}");
        });
        probes.put("400 invalid_json", p -> p.post("/v1/customers", "{"));
        probes.put("400 parameter_unknown", p -> p.post("/v1/customers", "{\"nickname\":\"x\"}"));
        probes.put("400 parameter_invalid", p -> p.post("/v1/customers", "{\"email\":5}"));
        probes.put("400 parameter_missing", p -> p.post("/v1/payment_intents", "{\"currency\":\"usd\"}"));
        probes.put("400 invalid_currency", p -> p.post("/v1/payment_intents", "{\"amount\":100,\"currency\":\"xyz\"}"));
        probes.put("400 idempotency_key_invalid", p -> p.api().post("/v1/customers", p.key(), "{}", "has a space"));
        probes.put("400 amount_too_large", p -> p.post("/v1/payment_intents", "{\"amount\":100000000,\"currency\":\"usd\"}"));
        probes.put("400 invalid_number", p -> p.post("/v1/payment_methods",
                "{\"type\":\"card\",\"card\":{\"number\":\"4242424242424241\"," + CARD + "}}"));
        probes.put("400 invalid_expiry_month", p -> p.post("/v1/payment_methods",
                "{\"type\":\"card\",\"card\":{\"number\":\"4242424242424242\",\"exp_month\":13,\"exp_year\":2034,\"cvc\":\"123\"}}"));
        probes.put("400 invalid_expiry_year", p -> p.post("/v1/payment_methods",
                "{\"type\":\"card\",\"card\":{\"number\":\"4242424242424242\",\"exp_month\":1,\"exp_year\":2020,\"cvc\":\"123\"}}"));
        probes.put("400 invalid_cvc", p -> p.post("/v1/payment_methods",
                "{\"type\":\"card\",\"card\":{\"number\":\"4242424242424242\",\"exp_month\":12,\"exp_year\":2034,\"cvc\":\"1\"}}"));
        probes.put("400 live_mode_card_data", p -> p.api().post("/v1/payment_methods", p.account().liveKey(),
                "{\"type\":\"card\",\"card\":{\"number\":\"4242424242424242\"," + CARD + "}}"));
        probes.put("400 payment_method_missing", p -> {
            String intent = p.create("/v1/payment_intents", "{\"amount\":100,\"currency\":\"usd\"}");
            return p.post("/v1/payment_intents/" + intent + "/confirm", "{}");
        });
        probes.put("400 payment_method_customer_mismatch", p -> {
            String customer = p.create("/v1/customers", "{}");
            String method = p.card(Payments.SUCCESS);
            p.post("/v1/payment_methods/" + method + "/attach", "{\"customer\":\"" + customer + "\"}");
            String intent = p.create("/v1/payment_intents", "{\"amount\":100,\"currency\":\"usd\"}");
            return p.post("/v1/payment_intents/" + intent + "/confirm", "{\"payment_method\":\"" + method + "\"}");
        });
        probes.put("400 url_not_allowed", p -> p.api().post("/v1/webhook_endpoints", p.account().liveKey(),
                "{\"url\":\"https://127.0.0.1/hooks\",\"enabled_events\":[\"*\"]}"));
        probes.put("400 url_unresolvable", p -> p.api().post("/v1/webhook_endpoints", p.account().liveKey(),
                "{\"url\":\"https://nowhere.example.test/hooks\",\"enabled_events\":[\"*\"]}"));
        probes.put("404 resource_missing", p -> p.api().get("/v1/customers/cus_nothing", p.key()));
        probes.put("400 resource_missing", p -> p.api().post("/v1/payment_methods", p.account().liveKey(),
                "{\"type\":\"card\",\"card\":{\"token\":\"tok_nothing\"}}"));
        probes.put("404 route_not_found", p -> p.api().get("/v1/nothing_here", p.key()));
        probes.put("405 method_not_allowed", p -> p.api().send("PUT", "/v1/customers", p.key(), "{}", Map.of()));
        probes.put("406 not_acceptable", p -> p.raw("GET", "/v1/customers", null, "image/png", null));
        probes.put("409 idempotency_key_in_use", p -> {
            // The timeout card holds the first request at the processor for settle.payments.processor-timeout,
            // after its attempt (and with it the key) has committed.
            String method = p.card(Payments.TIMEOUT);
            String key = UUID.randomUUID().toString();
            String body = "{\"amount\":100,\"currency\":\"usd\",\"payment_method\":\"" + method + "\",\"confirm\":true}";
            CompletableFuture<Api.Response> first = CompletableFuture.supplyAsync(() -> p.api().post("/v1/payment_intents", p.key(), body, key));
            while (p.api().get("/v1/payment_intents", p.key()).json().path("data").isEmpty() && !first.isDone()) {
                Payments.sleep(20);
            }
            Api.Response second = p.api().post("/v1/payment_intents", p.key(), body, key);
            assertThat(first.join().status()).isEqualTo(200);
            return second;
        });
        probes.put("409 payment_intent_unexpected_state", p -> {
            String intent = Payments.pay(p.api(), p.key(), Payments.SUCCESS).text("id");
            return p.post("/v1/payment_intents/" + intent + "/cancel", "{}");
        });
        probes.put("409 payment_method_already_attached", p -> {
            String method = p.card(Payments.SUCCESS);
            p.post("/v1/payment_methods/" + method + "/attach", "{\"customer\":\"" + p.create("/v1/customers", "{}") + "\"}");
            return p.post("/v1/payment_methods/" + method + "/attach", "{\"customer\":\"" + p.create("/v1/customers", "{}") + "\"}");
        });
        probes.put("409 payment_method_not_attached", p -> p.post("/v1/payment_methods/" + p.card(Payments.SUCCESS) + "/detach", "{}"));
        probes.put("409 webhook_endpoint_unexpected_state", p -> {
            String endpoint = p.create("/v1/webhook_endpoints", "{\"url\":\"http://127.0.0.1:1/hooks\",\"enabled_events\":[\"*\"]}");
            p.post("/v1/webhook_endpoints/" + endpoint, "{\"disabled\":true}");
            return p.post("/v1/webhook_endpoints/" + endpoint + "/recover", "{\"since\":0}");
        });
        probes.put("413 request_too_large", p -> p.post("/v1/customers", "{\"description\":\"" + "x".repeat(1_100_000) + "\"}"));
        probes.put("415 unsupported_media_type", p -> p.raw("POST", "/v1/customers", "text/plain", null, "{}"));
        probes.put("422 idempotency_key_reused", p -> {
            String key = UUID.randomUUID().toString();
            p.api().post("/v1/customers", p.key(), "{\"name\":\"a\"}", key);
            return p.api().post("/v1/customers", p.key(), "{\"name\":\"b\"}", key);
        });
        userProbes(probes);
        probes.put("400 report_empty", p -> p.api().upload("/v1/reconciliation/reports", p.key(), new byte[0], "text/csv"));
        probes.put("400 report_not_csv", p -> p.api().upload("/v1/reconciliation/reports", p.key(), new byte[] {'i', 'd', 0, 1, 2, '\n'},
                "text/csv"));
        probes.put("400 report_encoding_invalid", p -> p.api().upload("/v1/reconciliation/reports", p.key(),
                new byte[] {'i', 'd', ',', (byte) 0xC3, (byte) 0x28, '\n'}, "text/csv"));
        probes.put("400 report_layout_unknown", p -> p.api().upload("/v1/reconciliation/reports", p.key(),
                "date,amount\n2024-01-01,5\n".getBytes(java.nio.charset.StandardCharsets.UTF_8), "text/csv"));
        probes.put("409 reconciliation_item_unexpected_state", p -> p.post("/v1/reconciliation/items/" + reconciledItem(p, "matched")
                + "/resolve", "{\"action\":\"ignore\"}"));
        probes.put("409 resolution_not_applicable", p -> p.post("/v1/reconciliation/items/" + reconciledItem(p, "currency_mismatch")
                + "/resolve", "{\"action\":\"accept_processor\"}"));
        return probes;
    }

    /** The codes of dashboard users and sessions (security.md). */
    private static void userProbes(Map<String, Function<Probe, Api.Response>> probes) {
        probes.put("401 session_invalid", p -> p.api().send("GET", "/v1/customers", null, null,
                Map.of("Cookie", "settle_session=sess_ended")));
        probes.put("401 sign_in_failed", p -> p.api().post("/v1/sessions", null,
                "{\"email\":\"nobody@example.com\",\"password\":\"not a password\"}"));
        probes.put("401 sign_in_locked", p -> {
            String email = user(p, "analyst");
            for (int i = 0; i < 4; i++) {
                p.api().post("/v1/sessions", null, "{\"email\":\"" + email + "\",\"password\":\"wrong password\"}");
            }
            return p.api().post("/v1/sessions", null, "{\"email\":\"" + email + "\",\"password\":\"wrong password\"}");
        });
        probes.put("401 totp_required", p -> {
            String email = user(p, "analyst");
            Api.Response session = signIn(p, email);
            String id = session.json().path("user").path("id").asString();
            String secret = p.api().send("POST", "/v1/users/" + id + "/totp", null, "{}", cookies(session)).text("secret");
            String code = dev.settle.tenancy.internal.TotpCodes.now(secret);
            p.api().send("POST", "/v1/users/" + id + "/totp/enable", null, "{\"code\":\"" + code + "\"}", cookies(session));
            return p.api().post("/v1/sessions", null, "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}");
        });
        probes.put("403 csrf_token_invalid", p -> {
            Api.Response session = signIn(p, user(p, "owner"));
            Map<String, String> headers = new java.util.HashMap<>(cookies(session));
            headers.remove("X-CSRF-Token");
            return p.api().send("POST", "/v1/customers", null, "{}", headers);
        });
        probes.put("403 role_forbidden", p -> p.api().send("POST", "/v1/customers", null, "{}",
                cookies(signIn(p, user(p, "analyst")))));
        probes.put("403 api_key_required", p -> p.api().send("POST", "/v1/stream_tokens", null, "{}",
                cookies(signIn(p, user(p, "developer")))));
        probes.put("403 user_session_required", p -> p.post("/v1/users/user_other/totp", "{}"));
        probes.put("400 email_taken", p -> {
            String email = user(p, "analyst");
            return p.post("/v1/users", "{\"email\":\"" + email + "\",\"role\":\"analyst\"}");
        });
        probes.put("400 invite_invalid", p -> p.api().post("/v1/users/accept", null,
                "{\"invite_token\":\"inv_nothing\",\"password\":\"" + PASSWORD + "\"}"));
        probes.put("400 totp_code_invalid", p -> {
            Api.Response session = signIn(p, user(p, "analyst"));
            String id = session.json().path("user").path("id").asString();
            p.api().send("POST", "/v1/users/" + id + "/totp", null, "{}", cookies(session));
            return p.api().send("POST", "/v1/users/" + id + "/totp/enable", null, "{\"code\":\"abcdef\"}", cookies(session));
        });
        probes.put("409 totp_not_started", p -> {
            Api.Response session = signIn(p, user(p, "analyst"));
            String id = session.json().path("user").path("id").asString();
            return p.api().send("POST", "/v1/users/" + id + "/totp/enable", null, "{\"code\":\"123456\"}", cookies(session));
        });
        probes.put("400 session_required", p -> p.api().delete("/v1/sessions", p.key()));
        probes.put("409 last_owner", p -> {
            Api.Response session = signIn(p, user(p, "owner"));
            String id = session.json().path("user").path("id").asString();
            return p.api().send("DELETE", "/v1/users/" + id, null, null, cookies(session));
        });
    }

    private static final String PASSWORD = "a long enough password";

    /** An active user of the probe's account with {@code role}; returns its email. */
    private static String user(Probe p, String role) {
        String email = role + "-" + UUID.randomUUID() + "@example.com";
        Api.Response invited = p.post("/v1/users", "{\"email\":\"" + email + "\",\"role\":\"" + role + "\"}");
        p.api().post("/v1/users/accept", null,
                "{\"invite_token\":\"" + invited.text("invite_token") + "\",\"password\":\"" + PASSWORD + "\"}");
        return email;
    }

    private static Api.Response signIn(Probe p, String email) {
        return p.api().post("/v1/sessions", null, "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}");
    }

    private static Map<String, String> cookies(Api.Response signedIn) {
        String token = signedIn.raw().headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("settle_session="))
                .map(c -> c.substring("settle_session=".length(), c.indexOf(';'))).findFirst().orElseThrow();
        return Map.of("Cookie", "settle_session=" + token, "X-CSRF-Token", signedIn.text("csrf_token"));
    }
}
