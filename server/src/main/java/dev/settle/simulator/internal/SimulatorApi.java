package dev.settle.simulator.internal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import dev.settle.shared.ApiException;
import dev.settle.shared.AuthenticationException;
import dev.settle.shared.InvalidRequestException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Routes the simulator's HTTP calls: {@code /v1/…} behind the API key, {@code /3ds/…} open to
 * the shopper's browser. Errors become {@code {"error": {"code", "message", "param"}}}.
 * Nothing here logs a request body: a token request carries a card number.
 */
final class SimulatorApi implements HttpHandler {

    private static final Logger log = LoggerFactory.getLogger(SimulatorApi.class);

    private final JsonMapper json;
    private final byte[] authorization;
    private final Tokens tokens;
    private final Charges charges;
    private final Refunds refunds;
    private final Settlements settlements;
    private final SettlementReports reports;
    private final ThreeDSecurePages threeDSecure;

    SimulatorApi(JsonMapper json, String apiKey, Tokens tokens, Charges charges, Refunds refunds, Settlements settlements,
            SettlementReports reports, ThreeDSecurePages threeDSecure) {
        this.json = json;
        this.authorization = ("Bearer " + apiKey).getBytes(StandardCharsets.UTF_8);
        this.tokens = tokens;
        this.charges = charges;
        this.refunds = refunds;
        this.settlements = settlements;
        this.reports = reports;
        this.threeDSecure = threeDSecure;
    }

    @Override
    public void handle(HttpExchange exchange) {
        HttpCall call = new HttpCall(exchange, json);
        try {
            route(call);
        } catch (ApiException e) {
            answerError(call, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.error("Simulator failed on {} {}", exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), e);
            answerError(call, new UnexpectedError());
        } finally {
            exchange.close();
        }
    }

    private void route(HttpCall call) throws IOException, InterruptedException {
        List<String> path = call.segments();
        if (is(call, "GET", "3ds", "*")) {
            threeDSecure.page(call, path.get(1));
            return;
        }
        if (is(call, "POST", "3ds", "*", "complete")) {
            threeDSecure.complete(call, path.get(1));
            return;
        }
        if (path.isEmpty() || !path.getFirst().equals("v1")) {
            throw new RouteNotFound(call);
        }
        authenticate(call);
        if (is(call, "POST", "v1", "tokens")) {
            call.sendJson(200, tokens.create(call.jsonBody(Tokens.FIELDS)).toJson());
        } else if (is(call, "GET", "v1", "tokens", "*")) {
            call.allowQuery(Set.of());
            call.sendJson(200, tokens.get(path.get(2)).toJson());
        } else if (is(call, "POST", "v1", "charges")) {
            answer(call, charges.create(key(call), call.jsonBody(Charges.CREATE_FIELDS)));
        } else if (is(call, "POST", "v1", "charges", "*", "capture")) {
            answer(call, charges.capture(path.get(2), key(call), call.jsonBody(Charges.CAPTURE_FIELDS)));
        } else if (is(call, "POST", "v1", "charges", "*", "void")) {
            call.jsonBody(Set.of());
            answer(call, charges.cancel(path.get(2), key(call)));
        } else if (is(call, "GET", "v1", "charges")) {
            call.send(Reply.ok(charges.render(charges.getByIdempotencyKey(requiredQuery(call, "idempotency_key")))));
        } else if (is(call, "GET", "v1", "charges", "*")) {
            call.allowQuery(Set.of());
            call.send(Reply.ok(charges.render(charges.get(path.get(2)))));
        } else if (is(call, "POST", "v1", "refunds")) {
            answer(call, refunds.create(key(call), call.jsonBody(Refunds.CREATE_FIELDS)));
        } else if (is(call, "POST", "v1", "refunds", "*", "cancel")) {
            call.jsonBody(Set.of());
            answer(call, refunds.cancel(path.get(2), key(call)));
        } else if (is(call, "GET", "v1", "refunds")) {
            call.send(Reply.ok(refunds.render(refunds.getByIdempotencyKey(requiredQuery(call, "idempotency_key")))));
        } else if (is(call, "GET", "v1", "refunds", "*")) {
            call.allowQuery(Set.of());
            call.send(Reply.ok(refunds.render(refunds.get(path.get(2)))));
        } else if (is(call, "GET", "v1", "settlements")) {
            settlementReport(call);
        } else {
            throw new RouteNotFound(call);
        }
    }

    /** Sends an answer, held back first when the card's scenario is a reply that never arrives in time. */
    private static void answer(HttpCall call, Reply reply) throws IOException, InterruptedException {
        if (reply.delay().isPositive()) {
            Thread.sleep(reply.delay());
        }
        call.send(reply);
    }

    /**
     * {@code GET /v1/settlements?date=YYYY-MM-DD}: the day's report in the simulator's own layout,
     * or with {@code merchant} one merchant's, in {@code format=stripe_itemized} (the default with a
     * merchant) or {@code payouts}, with {@code breaks=missing,amount,…} injected on request.
     */
    private void settlementReport(HttpCall call) throws IOException {
        call.allowQuery(Set.of("date", "merchant", "format", "breaks"));
        String date = call.query("date");
        if (date == null || date.isEmpty()) {
            throw InvalidRequestException.missingParam("date");
        }
        LocalDate day;
        try {
            day = LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            throw InvalidRequestException.invalidParam("date", "date must be a day as YYYY-MM-DD.");
        }
        String merchant = call.query("merchant");
        String format = call.query("format");
        String breakList = call.query("breaks");
        Set<String> breaks = breakList == null || breakList.isBlank() ? Set.of() : Set.of(breakList.split(","));
        if (merchant == null && format == null && breaks.isEmpty()) {
            try (Writer out = new BufferedWriter(new OutputStreamWriter(call.stream("text/csv; charset=utf-8"), StandardCharsets.UTF_8))) {
                settlements.write(day, out);
            }
            return;
        }
        if (merchant == null || merchant.isEmpty()) {
            throw InvalidRequestException.missingParam("merchant");
        }
        String layout = format == null ? "stripe_itemized" : format;
        if (!layout.equals("stripe_itemized") && !layout.equals("payouts")) {
            throw InvalidRequestException.invalidParam("format", "format is stripe_itemized or payouts.");
        }
        ReportBreaks.requireKnown(breaks);
        try (Writer out = new BufferedWriter(new OutputStreamWriter(call.stream("text/csv; charset=utf-8"), StandardCharsets.UTF_8))) {
            reports.write(merchant, day, layout.equals("payouts"), breaks, out);
        }
    }

    private void authenticate(HttpCall call) {
        String header = call.header("Authorization");
        if (header == null || !MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8), authorization)) {
            throw new AuthenticationException("unauthorized", header == null
                    ? "Send the simulator's API key as Authorization: Bearer <key>."
                    : "The API key is not the simulator's.");
        }
    }

    private static String key(HttpCall call) {
        return Idempotency.requireKey(call.header("Idempotency-Key"));
    }

    private static String requiredQuery(HttpCall call, String name) {
        call.allowQuery(Set.of(name));
        String value = call.query(name);
        if (value == null || value.isEmpty()) {
            throw InvalidRequestException.missingParam(name);
        }
        return value;
    }

    /** Whether the call is {@code method} on a path of these segments, {@code *} matching any one. */
    private static boolean is(HttpCall call, String method, String... segments) {
        List<String> path = call.segments();
        if (!call.method().equals(method) || path.size() != segments.length) {
            return false;
        }
        for (int i = 0; i < segments.length; i++) {
            if (!segments[i].equals("*") && !segments[i].equals(path.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static void answerError(HttpCall call, ApiException e) {
        if (call.responded()) {
            return;
        }
        try {
            call.sendError(e);
        } catch (IOException gone) {
            log.debug("Could not send simulator error {}: {}", e.code(), gone.toString());
        }
    }

    private static final class RouteNotFound extends ApiException {

        RouteNotFound(HttpCall call) {
            super(404, "route_not_found", "Unrecognized request URL (" + call.method() + " /" + String.join("/", call.segments()) + ").",
                    null);
        }

        @Override
        public String title() {
            return "Not found";
        }
    }

    private static final class UnexpectedError extends ApiException {

        UnexpectedError() {
            super(500, "internal_error", "The simulator failed unexpectedly.", null);
        }

        @Override
        public String title() {
            return "Internal error";
        }
    }
}
