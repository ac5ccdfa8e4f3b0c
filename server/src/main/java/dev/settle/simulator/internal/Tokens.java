package dev.settle.simulator.internal;

import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Set;

import dev.settle.shared.Ids;
import dev.settle.shared.InvalidRequestException;

/**
 * {@code POST /v1/tokens}: checks a card and keeps a token for it. The number and CVC live only
 * in this method's locals; what is stored, answered and logged is derived from them.
 */
final class Tokens {

    static final Set<String> FIELDS = Set.of("number", "exp_month", "exp_year", "cvc");
    private static final int LAST_YEAR = 9999;

    private final TokenRepository tokens;
    private final Signatures signatures;
    private final Clock clock;

    Tokens(TokenRepository tokens, Signatures signatures, Clock clock) {
        this.tokens = tokens;
        this.signatures = signatures;
        this.clock = clock;
    }

    /** A token made earlier, e.g. by a client-side library; 404 when there is none. */
    Token get(String id) {
        return tokens.find(id).orElseThrow(() -> new dev.settle.shared.ResourceNotFoundException("token", id, null));
    }

    Token create(JsonBody body) {
        String number = body.string("number", "invalid_number", "The card number must be a string of digits.");
        String digits = number == null ? "" : number.replace(" ", "");
        if (!CardNumbers.valid(digits)) {
            throw new InvalidRequestException("invalid_number", "The card number is not a valid card number.", "number");
        }
        Long expMonth = body.integer("exp_month", "invalid_expiry_month", "exp_month must be an integer from 1 to 12.");
        if (expMonth == null || expMonth < 1 || expMonth > 12) {
            throw new InvalidRequestException("invalid_expiry_month", "exp_month must be an integer from 1 to 12.", "exp_month");
        }
        Long expYear = body.integer("exp_year", "invalid_expiry_year", "exp_year must be a four-digit year.");
        YearMonth now = YearMonth.now(clock.withZone(ZoneOffset.UTC));
        if (expYear == null || expYear > LAST_YEAR
                || YearMonth.of((int) Math.max(expYear, 0), expMonth.intValue()).isBefore(now)) {
            throw new InvalidRequestException("invalid_expiry_year", "The card's expiration date is in the past or invalid.", "exp_year");
        }
        String cvc = body.string("cvc", "invalid_cvc", "The CVC must be a string of 3 or 4 digits.");
        if (cvc == null || !cvc.matches("[0-9]{3,4}")) {
            throw new InvalidRequestException("invalid_cvc", "The CVC must be 3 or 4 digits.", "cvc");
        }
        Token token = new Token(Ids.newId("tok"), Scenario.of(digits), CardNumbers.brand(digits), CardNumbers.last4(digits),
                signatures.fingerprint(digits), expMonth.intValue(), expYear.intValue(), clock.instant());
        tokens.insert(token);
        return token;
    }
}
