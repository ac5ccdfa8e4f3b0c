package dev.settle.simulator.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.transaction.support.TransactionTemplate;

import dev.settle.shared.CurrencyUnit;
import dev.settle.shared.Ids;
import dev.settle.shared.InvalidRequestException;
import dev.settle.shared.ResourceNotFoundException;
import dev.settle.shared.SqlBatch;
import dev.settle.simulator.internal.Scenario.Decline;
import tools.jackson.databind.json.JsonMapper;

/** Charges: create by the card's scenario, capture, void, 3-D Secure, and the asynchronous outcomes. */
final class Charges {

    static final Set<String> CREATE_FIELDS = Set.of("amount", "currency", "token", "capture", "description", "merchant");
    static final Set<String> CAPTURE_FIELDS = Set.of("amount");
    static final long MAX_AMOUNT = 999_999_999_999L;
    private static final int MAX_DESCRIPTION = 1000;
    private static final int MAX_MERCHANT = 255;

    private final ChargeRepository charges;
    private final TokenRepository tokens;
    private final Idempotency idempotency;
    private final Webhooks webhooks;
    private final Background background;
    private final TransactionTemplate transactions;
    private final JsonMapper json;
    private final Clock clock;
    private final SimulatorSettings settings;
    private final String baseUrl;

    Charges(ChargeRepository charges, TokenRepository tokens, Idempotency idempotency, Webhooks webhooks, Background background,
            TransactionTemplate transactions, JsonMapper json, Clock clock, SimulatorSettings settings, String baseUrl) {
        this.charges = charges;
        this.tokens = tokens;
        this.idempotency = idempotency;
        this.webhooks = webhooks;
        this.background = background;
        this.transactions = transactions;
        this.json = json;
        this.clock = clock;
        this.settings = settings;
        this.baseUrl = baseUrl;
    }

    record CreateRequest(long amount, String currency, String token, boolean capture, @Nullable String description,
            @Nullable String merchant) {
    }

    Reply create(String key, JsonBody fields) {
        long amount = amount(fields.integer("amount", "invalid_amount", "amount must be a positive integer in minor units."), true);
        String currencyCode = fields.string("currency", "invalid_currency", "currency must be a three-letter ISO 4217 code.");
        CurrencyUnit currency = CurrencyUnit.of(currencyCode, "currency");
        String tokenId = fields.string("token", "parameter_invalid", "token must be a token id.");
        if (tokenId == null) {
            throw InvalidRequestException.missingParam("token");
        }
        Boolean captureFlag = fields.bool("capture");
        boolean capture = captureFlag == null || captureFlag;
        String description = fields.string("description", "parameter_invalid", "description must be a string.");
        if (description != null && description.length() > MAX_DESCRIPTION) {
            throw InvalidRequestException.invalidParam("description", "description is at most " + MAX_DESCRIPTION + " characters.");
        }
        String merchant = fields.string("merchant", "parameter_invalid", "merchant must be a string.");
        if (merchant != null && (merchant.isEmpty() || merchant.length() > MAX_MERCHANT)) {
            throw InvalidRequestException.invalidParam("merchant", "merchant is 1 to " + MAX_MERCHANT + " characters.");
        }
        CreateRequest request = new CreateRequest(amount, currency.code(), tokenId, capture, description, merchant);
        return idempotency.create(key, "POST /v1/charges", request, () -> {
            Token token = (Ids.looksLike("tok", tokenId) ? tokens.find(tokenId) : Optional.<Token>empty())
                    .orElseThrow(() -> new InvalidRequestException("resource_missing", "No such token: '" + tokenId + "'", "token"));
            if (token.scenario() == Scenario.PROCESSOR_ERROR) {
                throw new ProcessorError();
            }
            Charge charge = Charge.attempt(Ids.newId("sch"), token, amount, currency, capture, description, key, clock.instant(),
                    settings.fees());
            Reply reply = Reply.ok(render(charge));
            String id = charge.id();
            Runnable afterwards = charge.status() == Charge.Status.PROCESSING
                    ? () -> background.later(settings.asyncDelay(), "outcome of " + id, () -> settleProcessing(id))
                    : null;
            return new Idempotency.Created(token.scenario() == Scenario.TIMEOUT ? reply.late(settings.slowReplyDelay()) : reply,
                    charges.insert(new SqlBatch(), charge, merchant), afterwards);
        });
    }

    record CaptureRequest(@Nullable Long amount) {
    }

    Reply capture(String id, String key, JsonBody body) {
        Long requested = body.integer("amount", "invalid_amount", "amount must be a positive integer in minor units.");
        if (requested != null) {
            amount(requested, false);
        }
        return idempotency.run(key, "POST /v1/charges/" + id + "/capture", new CaptureRequest(requested), () -> {
            Charge charge = locked(id);
            Charge captured = charge.capture(requested == null ? charge.amount() : requested, settings.fees());
            charges.update(captured);
            return Reply.ok(render(captured));
        });
    }

    record VoidRequest() {
    }

    Reply cancel(String id, String key) {
        return idempotency.run(key, "POST /v1/charges/" + id + "/void", new VoidRequest(), () -> {
            Charge canceled = locked(id).cancel();
            charges.update(canceled);
            return Reply.ok(render(canceled));
        });
    }

    /** The shopper's answer on the 3-D Secure page; a webhook reports the outcome. */
    Charge completeAuthentication(String id, boolean authenticated) {
        return transactions.execute(status -> {
            Charge completed = locked(id).completeAuthentication(authenticated, settings.fees());
            charges.update(completed);
            publish(completed);
            return completed;
        });
    }

    Charge get(String id) {
        return (Ids.looksLike("sch", id) ? charges.find(id) : Optional.<Charge>empty())
                .orElseThrow(() -> new ResourceNotFoundException("charge", id, null));
    }

    Charge getByIdempotencyKey(String key) {
        return charges.findByIdempotencyKey(key)
                .orElseThrow(() -> new ResourceNotFoundException("charge with idempotency_key", key, "idempotency_key"));
    }

    String render(Charge charge) {
        return json.writeValueAsString(charge.toJson(baseUrl));
    }

    /** Schedules the outcome of charges a previous run left processing. */
    void resumeProcessing() {
        for (String id : charges.processing()) {
            background.later(settings.asyncDelay(), "outcome of " + id, () -> settleProcessing(id));
        }
    }

    private void settleProcessing(String id) {
        transactions.executeWithoutResult(status -> {
            Charge charge = charges.findForUpdate(id).orElse(null);
            if (charge == null || charge.status() != Charge.Status.PROCESSING) {
                return;
            }
            Charge settled = charge.scenario() == Scenario.ASYNC_FAILS ? charge.fail(Decline.GENERIC) : charge.succeed(settings.fees());
            charges.update(settled);
            publish(settled);
        });
    }

    private void publish(Charge charge) {
        String type = charge.status() == Charge.Status.SUCCEEDED ? "charge.succeeded" : "charge.failed";
        webhooks.publish(type, charge.id(), charge.toJson(baseUrl));
    }

    private Charge locked(String id) {
        return (Ids.looksLike("sch", id) ? charges.findForUpdate(id) : Optional.<Charge>empty())
                .orElseThrow(() -> new ResourceNotFoundException("charge", id, null));
    }

    private static long amount(@Nullable Long amount, boolean required) {
        if (amount == null && required) {
            throw new InvalidRequestException("invalid_amount", "amount is required: a positive integer in minor units.", "amount");
        }
        if (amount == null || amount < 1 || amount > MAX_AMOUNT) {
            throw new InvalidRequestException("invalid_amount", "amount must be a positive integer in minor units, at most "
                    + MAX_AMOUNT + ".", "amount");
        }
        return amount;
    }
}
