package dev.settle.reconciliation.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.commons.csv.CSVRecord;

import dev.settle.shared.ApiException;
import dev.settle.shared.CurrencyUnit;

/**
 * The report layouts Settle reads, recognised by their header: Stripe's itemized balance
 * transaction report (the columns it needs, in any order, among any others Stripe adds), a payout
 * statement (one line per payout) and the simulator's own settlement CSV. Each reads one record into a {@link ReportLine} in minor
 * units, or says why it cannot.
 */
enum ReportLayout {

    STRIPE_ITEMIZED("stripe_itemized", List.of("balance_transaction_id", "created_utc", "currency", "gross", "fee", "net",
            "reporting_category", "source_id")),
    SIMULATOR("simulator", List.of("id", "type", "reference", "amount", "fee", "net", "currency", "created")),
    PAYOUTS("payouts", List.of("automatic_payout_id", "created_utc", "currency", "amount", "balance_transaction_count"));

    private static final Pattern CATEGORY = Pattern.compile("[a-z][a-z_]{0,39}");
    private static final DateTimeFormatter STRIPE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    final String code;
    private final List<String> required;

    ReportLayout(String code, List<String> required) {
        this.code = code;
        this.required = required;
    }

    static Optional<ReportLayout> recognise(List<String> header) {
        Set<String> columns = Set.copyOf(header.stream().map(String::trim).toList());
        if (columns.containsAll(STRIPE_ITEMIZED.required)) {
            return Optional.of(STRIPE_ITEMIZED);
        }
        if (header.stream().map(String::trim).toList().equals(SIMULATOR.required)) {
            return Optional.of(SIMULATOR);
        }
        if (columns.containsAll(PAYOUTS.required)) {
            return Optional.of(PAYOUTS);
        }
        return Optional.empty();
    }

    /** The columns a header must have for this layout, for the message when none fits. */
    List<String> required() {
        return required;
    }

    /** Reads records of one report; keeps the currencies it has met. */
    static final class Reader {

        private final ReportLayout layout;
        private final Map<String, CurrencyUnit> currencies = new HashMap<>();

        Reader(ReportLayout layout) {
            this.layout = layout;
        }

        /** The line, or the reason it is refused. */
        Object read(CSVRecord record, int line) {
            try {
                return switch (layout) {
                    case STRIPE_ITEMIZED -> stripe(record, line);
                    case SIMULATOR -> simulator(record, line);
                    case PAYOUTS -> payout(record, line);
                };
            } catch (LineRefused refused) {
                return new LineError(line, refused.code, refused.param, refused.getMessage());
            }
        }

        private ReportLine stripe(CSVRecord record, int line) {
            CurrencyUnit currency = currency(get(record, "currency"));
            long gross = decimal(record, "gross", currency);
            long fee = decimal(record, "fee", currency);
            long net = decimal(record, "net", currency);
            String category = category(get(record, "reporting_category"));
            return checked(new ReportLine(line, optional(record, "balance_transaction_id"), category, required(record, "source_id"),
                    optional(record, "charge_id"), gross, fee, net, currency.code(), optional(record, "automatic_payout_id"),
                    time(get(record, "created_utc"), "created_utc"), null));
        }

        /** A payout statement's line: what one payout paid out, and how many balance transactions it settles. */
        private ReportLine payout(CSVRecord record, int line) {
            CurrencyUnit currency = currency(get(record, "currency"));
            long amount = decimal(record, "amount", currency);
            String reference = required(record, "automatic_payout_id");
            String countText = get(record, "balance_transaction_count").trim();
            int count;
            try {
                count = Integer.parseInt(countText);
            } catch (NumberFormatException e) {
                count = -1;
            }
            if (count < 0) {
                throw new LineRefused("invalid_amount", "balance_transaction_count", "balance_transaction_count '" + countText
                        + "' is not a count.");
            }
            long paidOut = Math.negateExact(amount);
            return new ReportLine(line, null, "payout", reference, null, paidOut, 0, paidOut, currency.code(), reference,
                    time(get(record, "created_utc"), "created_utc"), count);
        }

        private ReportLine simulator(CSVRecord record, int line) {
            CurrencyUnit currency = currency(get(record, "currency"));
            Instant created;
            try {
                created = Instant.ofEpochSecond(Long.parseLong(get(record, "created").trim()));
            } catch (NumberFormatException e) {
                throw new LineRefused("invalid_date", "created", "created must be seconds since the epoch.");
            }
            return checked(new ReportLine(line, optional(record, "id"), category(get(record, "type")), required(record, "reference"), null,
                    integer(record, "amount"), integer(record, "fee"), integer(record, "net"), currency.code(), null, created, null));
        }

        private static ReportLine checked(ReportLine line) {
            if (line.net() != line.gross() - line.fee()) {
                throw new LineRefused("net_mismatch", "net", "net must be gross less fee.");
            }
            return line;
        }

        private CurrencyUnit currency(String code) {
            String key = code.trim();
            CurrencyUnit known = currencies.get(key);
            if (known != null) {
                return known;
            }
            try {
                CurrencyUnit currency = CurrencyUnit.of(key, "currency");
                if (currencies.size() < 200) {
                    currencies.put(key, currency);
                }
                return currency;
            } catch (ApiException e) {
                throw new LineRefused("invalid_currency", "currency", "'" + code + "' is not an ISO 4217 currency.");
            }
        }

        private static long decimal(CSVRecord record, String column, CurrencyUnit currency) {
            String text = get(record, column).trim();
            try {
                BigDecimal value = new BigDecimal(text).stripTrailingZeros();
                if (value.scale() > currency.exponent()) {
                    throw new LineRefused("invalid_amount", column, column + " '" + text + "' has more decimals than "
                            + currency.code() + " has (" + currency.exponent() + ").");
                }
                return value.movePointRight(currency.exponent()).longValueExact();
            } catch (NumberFormatException | ArithmeticException e) {
                throw new LineRefused("invalid_amount", column, column + " '" + text + "' is not a decimal amount.");
            }
        }

        private static long integer(CSVRecord record, String column) {
            String text = get(record, column).trim();
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new LineRefused("invalid_amount", column, column + " '" + text + "' is not an integer amount in minor units.");
            }
        }

        private static String category(String text) {
            String category = text.trim();
            if (!CATEGORY.matcher(category).matches()) {
                throw new LineRefused("invalid_category", "reporting_category", "'" + text + "' is not a reporting category.");
            }
            return category;
        }

        private static Instant time(String text, String column) {
            String value = text.trim();
            Instant fast = Times.parseUtc(value);
            if (fast != null) {
                return fast;
            }
            try {
                return LocalDateTime.parse(value, STRIPE_TIME).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                try {
                    return Instant.parse(value);
                } catch (DateTimeParseException again) {
                    throw new LineRefused("invalid_date", column, column + " '" + text + "' is not a UTC time (YYYY-MM-DD HH:MM:SS).");
                }
            }
        }

        private static String get(CSVRecord record, String column) {
            if (!record.isSet(column)) {
                throw new LineRefused("line_incomplete", column, "The line has no " + column + " column.");
            }
            return record.get(column);
        }

        private static String required(CSVRecord record, String column) {
            String value = get(record, column).trim();
            if (value.isEmpty() || value.length() > 255) {
                throw new LineRefused("line_incomplete", column, column + " must be 1 to 255 characters.");
            }
            return value;
        }

        private static @org.jspecify.annotations.Nullable String optional(CSVRecord record, String column) {
            if (!record.isMapped(column) || !record.isSet(column)) {
                return null;
            }
            String value = record.get(column).trim();
            return value.isEmpty() ? null : value.length() > 255 ? value.substring(0, 255) : value;
        }
    }

    private static final class LineRefused extends RuntimeException {

        final String code;
        final String param;

        LineRefused(String code, String param, String message) {
            super(message, null, false, false);
            this.code = code;
            this.param = param;
        }
    }
}
