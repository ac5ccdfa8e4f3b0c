package dev.settle.dashboard.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseBody;

import dev.settle.payments.PaymentActivity;
import dev.settle.payments.Payments;
import dev.settle.tenancy.OperatorSessions;
import dev.settle.tenancy.OperatorSessions.Operator;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Home: the last 30 days of charge attempts per day (chart and table), the success rate, balances
 * per currency ({@code GET /v1/balance}) and the newest failures. Also mints the page's stream token.
 */
@Controller
class HomePage {

    static final int DAYS = 30;

    private final ApiCalls api;
    private final Payments payments;
    private final OperatorSessions sessions;
    private final Clock clock;

    HomePage(ApiCalls api, Payments payments, OperatorSessions sessions, Clock clock) {
        this.api = api;
        this.payments = payments;
        this.sessions = sessions;
        this.clock = clock;
    }

    /** One day of the chart: all currencies' attempts together (volume is per currency, in the table). */
    public record Day(String date, long succeeded, long failed) {
    }

    @GetMapping("/dashboard")
    String home(HttpServletRequest request, Model model) {
        Operator operator = SignedIn.operator(request);
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        LocalDate first = today.minusDays(DAYS - 1L);
        List<PaymentActivity> activity = payments.dailyActivity(operator.tenant(), first.atStartOfDay(ZoneOffset.UTC).toInstant());
        Map<LocalDate, long[]> byDay = new TreeMap<>();
        for (LocalDate d = first; !d.isAfter(today); d = d.plusDays(1)) {
            byDay.put(d, new long[2]);
        }
        Map<String, Long> volume = new LinkedHashMap<>();
        long succeeded = 0;
        long failed = 0;
        for (PaymentActivity a : activity) {
            long[] counts = byDay.computeIfAbsent(a.day(), d -> new long[2]);
            counts[0] += a.succeeded();
            counts[1] += a.failed();
            succeeded += a.succeeded();
            failed += a.failed();
            volume.merge(a.currency(), a.succeededVolume(), Long::sum);
        }
        List<Day> days = new ArrayList<>();
        byDay.forEach((d, c) -> days.add(new Day(d.toString(), c[0], c[1])));
        model.addAttribute("days", days);
        model.addAttribute("volume", volume);
        model.addAttribute("succeeded", succeeded);
        model.addAttribute("failed", failed);
        model.addAttribute("successRate", succeeded + failed == 0 ? "n/a"
                : String.format(java.util.Locale.ROOT, "%.1f%%", 100.0 * succeeded / (succeeded + failed)));
        model.addAttribute("balances", balances(api.get(request, "/v1/balance")));
        model.addAttribute("failures", payments.recentFailures(operator.tenant(), now.minus(Duration.ofDays(DAYS)), 10));
        return "dashboard/home";
    }

    /** One currency's line of {@code GET /v1/balance}. */
    public record Balance(String currency, long available, long pending) {
    }

    /** The API's available and pending lists, joined by currency. */
    @SuppressWarnings("unchecked")
    static List<Balance> balances(Map<String, Object> balance) {
        Map<String, long[]> byCurrency = new TreeMap<>();
        for (int side = 0; side < 2; side++) {
            for (Object line : (List<Object>) balance.getOrDefault(side == 0 ? "available" : "pending", List.of())) {
                Map<String, Object> amount = (Map<String, Object>) line;
                byCurrency.computeIfAbsent(String.valueOf(amount.get("currency")), c -> new long[2])[side] +=
                        ((Number) amount.get("amount")).longValue();
            }
        }
        List<Balance> lines = new ArrayList<>();
        byCurrency.forEach((currency, sums) -> lines.add(new Balance(currency, sums[0], sums[1])));
        return lines;
    }

    /** A one-time token for this page's WebSocket to {@code /v1/stream}: for the session's account and mode, never a key. */
    @Hidden
    @PostMapping(path = "/dashboard/stream-token", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    Map<String, String> streamToken(HttpServletRequest request) {
        return Map.of("token", sessions.streamToken(SignedIn.operator(request)));
    }
}
