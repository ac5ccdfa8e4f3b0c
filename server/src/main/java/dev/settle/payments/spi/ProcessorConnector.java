package dev.settle.payments.spi;

import java.io.InputStream;
import java.util.Map;

import dev.settle.shared.Money;

/**
 * A card processor as Settle sees it. Implementations talk to the processor over its API
 * only. Methods that move money never throw for the processor's sake: a refusal is an
 * outcome, and silence (timeout, connection loss, 5xx) is {@code UNKNOWN}.
 */
public interface ProcessorConnector {

    /** The connector's name, as used in {@code /v1/inbound/{name}}, e.g. {@code simulator}. */
    String name();

    /** Exchanges raw card data for a processor token. Never logs or keeps the card. */
    CardToken tokenize(CardDetails card);

    /** Details of a token made elsewhere (e.g. by the processor's client-side library). */
    CardToken retrieveToken(String token);

    /**
     * @param merchant the Settle account the charge is for, as a processor's connected account:
     *                 its settlement reports are per merchant
     */
    ProcessorCharge authorize(String merchant, String token, Money amount, boolean capture, String idempotencyKey);

    ProcessorCharge capture(String reference, Money amount, String idempotencyKey);

    ProcessorCharge voidAuthorization(String reference, String idempotencyKey);

    /** The charge created with this idempotency key; {@code NOT_FOUND} if the processor has none. */
    ProcessorCharge retrieveByIdempotencyKey(String idempotencyKey);

    ProcessorCharge retrieve(String reference);

    ProcessorRefund refund(String chargeReference, Money amount, String idempotencyKey);

    ProcessorRefund retrieveRefundByIdempotencyKey(String idempotencyKey);

    /** Cancels a refund the processor has not settled; {@code FAILED} with a code when it cannot. */
    ProcessorRefund cancelRefund(String reference, String idempotencyKey);

    /**
     * Verifies a webhook's signature over the raw body (with the processor's tolerance for
     * its timestamp) and parses it.
     *
     * @throws WebhookVerificationException when the signature is missing, wrong or stale
     */
    ProcessorEvent parseWebhook(Map<String, String> headers, byte[] rawBody);

    /**
     * The processor's settlement report for one merchant and day, as a CSV stream the caller
     * closes (never whole in memory).
     *
     * @throws ProcessorUnavailableException when the processor gives none
     */
    InputStream fetchSettlementReport(SettlementPeriod period);
}
