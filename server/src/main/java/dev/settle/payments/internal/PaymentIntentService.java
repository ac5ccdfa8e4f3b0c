package dev.settle.payments.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.stereotype.Service;

import dev.settle.customers.Customers;
import dev.settle.payments.OffSessionPayment;
import dev.settle.shared.Money;
import dev.settle.events.Events;
import dev.settle.idempotency.IdempotentRequests;
import dev.settle.payments.spi.ProcessorCharge;
import dev.settle.platform.Phases;
import dev.settle.payments.spi.ProcessorConnector;
import dev.settle.payments.spi.SettlementPeriod;
import dev.settle.shared.ConflictException;
import dev.settle.shared.CurrencyUnit;
import dev.settle.shared.Ids;
import dev.settle.shared.InvalidRequestException;
import dev.settle.shared.ListPage;
import dev.settle.shared.ListParams;
import dev.settle.shared.Metadata;
import dev.settle.shared.ResourceNotFoundException;
import dev.settle.tenancy.Tenant;

/**
 * Creates, confirms, captures and cancels payment intents. Every call to the processor is
 * bracketed by two committed phases: record what is about to be asked (with its idempotency
 * key towards the processor), ask, then apply the answer. A crash or timeout in between
 * leaves a recorded attempt that the janitor settles.
 */
@Service
public class PaymentIntentService {

    /** How a request's Idempotency-Key is bound to the intent it works on. */
    static final String RESOURCE = "payment_intent";

    private final PaymentIntentRepository intents;
    private final ChargeRepository charges;
    private final PaymentMethodService methods;
    private final Customers customers;
    private final ChargeOutcomes outcomes;
    private final Connectors connectors;
    private final PaymentViews views;
    private final Events events;
    private final Phases phases;
    private final PaymentsProperties properties;
    private final IdempotentRequests requests;
    private final Clock clock;

    PaymentIntentService(PaymentIntentRepository intents, ChargeRepository charges, PaymentMethodService methods,
            Customers customers, ChargeOutcomes outcomes, Connectors connectors, PaymentViews views, Events events,
            Phases phases, PaymentsProperties properties, IdempotentRequests requests, Clock clock) {
        this.requests = requests;
        this.intents = intents;
        this.charges = charges;
        this.methods = methods;
        this.customers = customers;
        this.outcomes = outcomes;
        this.connectors = connectors;
        this.views = views;
        this.events = events;
        this.phases = phases;
        this.properties = properties;
        this.clock = clock;
    }

    record CreateCommand(@Nullable Long amount, @Nullable String currency, @Nullable String customer,
            @Nullable String paymentMethod, @Nullable String captureMethod, boolean confirm, @Nullable String description,
            @Nullable Map<String, String> metadata, @Nullable String returnUrl) {
    }

    /**
     * Creates the intent; with {@code confirm}, the intent and its first attempt are recorded
     * in one committed phase before the processor is called.
     */
    PaymentViews.IntentState create(Tenant tenant, CreateCommand command) {
        return create(tenant, command, Ids.newId("pi"));
    }

    private PaymentViews.IntentState create(Tenant tenant, CreateCommand command, String id) {
        if (!command.confirm()) {
            PaymentIntent created = phases.committed(() -> {
                PaymentIntent intent = validNew(tenant, command, id).intent();
                intents.insert(intent);
                events.record(tenant, "payment_intent.created", intent.id(), views.intent(intent, Attempts.none()));
                requests.bind(RESOURCE, intent.id());
                return intent;
            });
            return new PaymentViews.IntentState(created, Attempts.none());
        }
        ProcessorConnector connector = connectors.active();
        Attempt attempt = phases.committed(() -> {
            New created = validNew(tenant, command, id);
            PaymentMethod method = created.method() != null ? created.method() : methodFor(tenant, created.intent(), null);
            Attempt recorded = attempt(connector, created.intent(), method, Attempts.none());
            intents.insert(recorded.intent());
            charges.insert(recorded.charge());
            events.record(tenant, "payment_intent.created", created.intent().id(), views.intent(created.intent(), Attempts.none()));
            events.record(tenant, "payment_intent.processing", recorded.intent().id(), views.intent(recorded.intent(), recorded.attempts()));
            requests.bind(RESOURCE, recorded.intent().id());
            return recorded;
        });
        return call(connector, attempt);
    }

    private record New(PaymentIntent intent, @Nullable PaymentMethod method) {
    }

    private New validNew(Tenant tenant, CreateCommand command, String id) {
        if (command.amount() == null) {
            throw InvalidRequestException.missingParam("amount");
        }
        if (command.amount() <= 0) {
            throw InvalidRequestException.invalidParam("amount", "amount must be a positive integer in the currency's minor unit.");
        }
        if (command.amount() > properties.maxAmount()) {
            throw new InvalidRequestException("amount_too_large", "amount must be at most " + properties.maxAmount() + ".", "amount");
        }
        if (command.currency() == null) {
            throw InvalidRequestException.missingParam("currency");
        }
        CurrencyUnit currency = CurrencyUnit.of(command.currency(), "currency");
        PaymentIntent.CaptureMethod captureMethod = switch (command.captureMethod() == null ? "automatic" : command.captureMethod()) {
            case "automatic" -> PaymentIntent.CaptureMethod.AUTOMATIC;
            case "manual" -> PaymentIntent.CaptureMethod.MANUAL;
            default -> throw InvalidRequestException.invalidParam("capture_method", "capture_method must be automatic or manual.");
        };
        if (command.customer() != null) {
            customers.require(tenant, command.customer(), "customer");
        }
        PaymentMethod method = command.paymentMethod() == null ? null
                : usable(tenant, methods.require(tenant, command.paymentMethod(), "payment_method"), command.customer());
        String description = command.description();
        if (description != null && description.length() > 1000) {
            throw InvalidRequestException.invalidParam("description", "description can be at most 1000 characters long.");
        }
        String returnUrl = command.returnUrl();
        if (returnUrl != null && (returnUrl.length() > 2048 || !returnUrl.matches("https?://\\S+"))) {
            throw InvalidRequestException.invalidParam("return_url", "return_url must be an http(s) URL.");
        }
        PaymentIntentStatus status = command.paymentMethod() == null
                ? PaymentIntentStatus.REQUIRES_PAYMENT_METHOD : PaymentIntentStatus.REQUIRES_CONFIRMATION;
        return new New(new PaymentIntent(id, tenant.accountId(), tenant.livemode(), command.amount(), currency,
                command.customer(), command.paymentMethod(), captureMethod, status, 0, 0, description,
                Metadata.validate(command.metadata()), null, null, returnUrl, null, null, null, clock.instant(), 0), method);
    }

    /**
     * An attempt about to be made: the pending charge, the intent now processing it, the
     * intent's charges with it, and the processor's token.
     */
    private record Attempt(Charge charge, String token, PaymentIntent intent, Attempts attempts) {
    }

    private Attempt attempt(ProcessorConnector connector, PaymentIntent intent, PaymentMethod method, Attempts before) {
        Instant now = clock.instant();
        Charge charge = Charge.pending(Ids.newId("ch"), intent, method.id(), connector.name(), now,
                now.plus(max(properties.janitor().stuckAfter(), properties.settleNoEarlierThan())));
        return new Attempt(charge, method.processorToken(), intent.attempting(method.id(), charge.id()), before.with(charge));
    }

    /**
     * Asks the processor (the attempt is committed) and applies its answer in a phase of its own,
     * which also stores the request's idempotent answer: the intent as the controller renders
     * this very state ({@link PaymentViews#intent(PaymentViews.IntentState)}, which reads nothing).
     * The answer is applied to the intent and charges as this request recorded them, without
     * reading them again; only if something changed them meanwhile (a cancel, a webhook, the
     * janitor), which fails that phase with nothing written, is it applied under the intent's lock.
     */
    private PaymentViews.IntentState call(ProcessorConnector connector, Attempt attempt) {
        ProcessorCharge reply = connector.authorize(SettlementPeriod.merchant(attempt.intent().tenant()), attempt.token(), attempt.intent().money(),
                attempt.intent().captureMethod() == PaymentIntent.CaptureMethod.AUTOMATIC, "settle_" + attempt.charge().id());
        try {
            return phases.committed(() -> answered(outcomes.applyToKnown(attempt.intent(), attempt.attempts(),
                    attempt.charge().id(), reply)));
        } catch (ConcurrencyFailureException changedMeanwhile) {
            return phases.committed(() -> answered(outcomes.applyAndShow(attempt.charge().id(), reply)));
        }
    }

    private PaymentViews.IntentState answered(ChargeOutcomes.Applied applied) {
        PaymentViews.IntentState state = new PaymentViews.IntentState(applied.intent(), applied.attempts());
        requests.complete(views.intent(state));
        return state;
    }

    PaymentViews.IntentState confirm(Tenant tenant, String id, @Nullable String paymentMethod) {
        ProcessorConnector connector = connectors.active();
        Attempt attempt = phases.committed(() -> {
            PaymentIntent intent = intents.lock(tenant, id);
            intent.requireConfirmable();
            Attempt recorded = attempt(connector, intent, methodFor(tenant, intent, paymentMethod), charges.attempts(id));
            charges.insert(recorded.charge());
            intents.update(recorded.intent(), recorded.charge().created());
            events.record(tenant, "payment_intent.processing", recorded.intent().id(), views.intent(recorded.intent(), recorded.attempts()));
            requests.bind(RESOURCE, id);
            return new Attempt(recorded.charge(), recorded.token(), recorded.intent().withVersion(intent.version() + 1),
                    recorded.attempts());
        });
        return call(connector, attempt);
    }

    private PaymentMethod methodFor(Tenant tenant, PaymentIntent intent, @Nullable String requested) {
        String id = requested != null ? requested : intent.paymentMethodId();
        if (id == null && intent.customerId() != null) {
            PaymentMethod fallback = methods.defaultFor(tenant, intent.customerId());
            id = fallback == null ? null : fallback.id();
        }
        if (id == null) {
            throw new InvalidRequestException("payment_method_missing",
                    "This payment intent has no payment method; pass payment_method to confirm it.", "payment_method");
        }
        return usable(tenant, methods.require(tenant, id, "payment_method"), intent.customerId());
    }

    private static PaymentMethod usable(Tenant tenant, PaymentMethod method, @Nullable String customer) {
        if (method.customerId() != null && !method.customerId().equals(customer)) {
            throw new InvalidRequestException("payment_method_customer_mismatch",
                    "This payment method belongs to another customer.", "payment_method");
        }
        return method;
    }

    PaymentIntent capture(Tenant tenant, String id, @Nullable Long amountToCapture) {
        ProcessorConnector connector = connectors.active();
        Charge charge = phases.committed(() -> {
            PaymentIntent intent = intents.lock(tenant, id);
            long amount = intent.requireCapturable(amountToCapture);
            Charge authorized = charges.findById(intent.latestChargeId()).orElseThrow();
            if (authorized.pendingAction() != Charge.PendingAction.NONE) {
                throw new ConflictException("capture_in_progress", "A capture of this payment intent is already in progress.", null);
            }
            Instant now = clock.instant();
            Charge requested = authorized.requesting(Charge.PendingAction.CAPTURE, amount, now.plus(properties.settleNoEarlierThan()));
            charges.update(requested, now);
            requests.bind(RESOURCE, id);
            return requested;
        });
        ProcessorCharge reply = connector.capture(charge.processorReference(), charge.money(charge.pendingCaptureAmount()),
                charge.captureKey());
        phases.committed(() -> outcomes.apply(charge.id(), reply));
        return retrieve(tenant, id);
    }

    /**
     * Cancels at once; an authorization held at the processor is voided after the cancel is
     * recorded, and if the processor does not confirm the void, the janitor finishes it.
     */
    PaymentIntent cancel(Tenant tenant, String id, @Nullable String reason) {
        if (reason != null && !java.util.Set.of("duplicate", "fraudulent", "requested_by_customer", "abandoned").contains(reason)) {
            throw InvalidRequestException.invalidParam("cancellation_reason",
                    "cancellation_reason must be duplicate, fraudulent, requested_by_customer or abandoned.");
        }
        ProcessorConnector connector = connectors.active();
        Charge toVoid = phases.committed(() -> {
            PaymentIntent intent = intents.lock(tenant, id);
            Instant now = clock.instant();
            PaymentIntent canceled = intent.canceled(reason, now);
            intents.update(canceled, now);
            events.record(tenant, "payment_intent.canceled", canceled.id(), views.intent(canceled));
            requests.bind(RESOURCE, id);
            Charge held = intent.latestChargeId() == null ? null : charges.findById(intent.latestChargeId()).orElseThrow();
            boolean authorizationHeld = held != null && held.processorReference() != null && !held.captured()
                    && (held.status() == Charge.Status.SUCCEEDED || held.processorState().equals("requires_action"));
            if (!authorizationHeld) {
                return null;
            }
            Charge requested = held.requesting(Charge.PendingAction.VOID, 0, now.plus(properties.settleNoEarlierThan()));
            charges.update(requested, now);
            return requested;
        });
        if (toVoid != null) {
            ProcessorCharge reply = connector.voidAuthorization(toVoid.processorReference(), toVoid.voidKey());
            phases.committed(() -> outcomes.apply(toVoid.id(), reply));
        }
        return retrieve(tenant, id);
    }

    /** See {@link dev.settle.payments.Payments#chargeOffSession}. */
    public OffSessionPayment offSession(Tenant tenant, String customer, Money amount, String description,
            Map<String, String> metadata, String key) {
        String id = offSessionId(tenant, key);
        java.util.Optional<OffSessionPayment> existing = offSessionState(tenant, key);
        if (existing.isPresent()) {
            return existing.get();
        }
        try {
            PaymentIntent intent = create(tenant, new CreateCommand(amount.minor(), amount.currency().code(), customer, null,
                    null, true, description, metadata, null), id).intent();
            return offSessionView(intent);
        } catch (InvalidRequestException noMethod) {
            return new OffSessionPayment(null, "requires_payment_method", noMethod.code(), noMethod.getMessage());
        } catch (org.springframework.dao.DuplicateKeyException concurrent) {
            return offSessionState(tenant, key).orElseThrow();
        }
    }

    public java.util.Optional<OffSessionPayment> offSessionState(Tenant tenant, String key) {
        return intents.find(tenant, offSessionId(tenant, key)).map(PaymentIntentService::offSessionView);
    }

    private static OffSessionPayment offSessionView(PaymentIntent intent) {
        PaymentError error = intent.lastPaymentError();
        return new OffSessionPayment(intent.id(), intent.status().code(), error == null ? null : error.code(),
                error == null ? null : error.message());
    }

    /** {@code pi_} and 24 base62 characters of SHA-256 over the tenant and the key. */
    private static String offSessionId(Tenant tenant, String key) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(
                    (tenant.accountId() + "|" + tenant.livemode() + "|" + key).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
            java.math.BigInteger value = new java.math.BigInteger(1, digest);
            StringBuilder id = new StringBuilder("pi_");
            for (int i = 0; i < 24; i++) {
                java.math.BigInteger[] qr = value.divideAndRemainder(java.math.BigInteger.valueOf(62));
                id.append(alphabet.charAt(qr[1].intValue()));
                value = qr[0];
            }
            return id.toString();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    PaymentIntent retrieve(Tenant tenant, String id) {
        return intents.find(tenant, id).orElseThrow(() -> new ResourceNotFoundException("payment_intent", id, "id"));
    }

    ListPage<PaymentIntent> list(Tenant tenant, ListParams params, PaymentIntentRepository.Filter filter) {
        return ListPage.of(intents.list(tenant, params, filter), params, "/v1/payment_intents");
    }

    private static java.time.Duration max(java.time.Duration a, java.time.Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
