package dev.settle.payments.internal;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.settle.customers.Customers;
import dev.settle.payments.DefaultPaymentMethodSet;
import dev.settle.payments.PaymentMethodId;
import dev.settle.payments.spi.CardDetails;
import dev.settle.payments.spi.CardRejectedException;
import dev.settle.payments.spi.CardToken;
import dev.settle.payments.spi.ProcessorConnector;
import dev.settle.payments.spi.ProcessorUnavailableException;
import dev.settle.shared.ConflictException;
import dev.settle.shared.Ids;
import dev.settle.shared.InvalidRequestException;
import dev.settle.shared.ListPage;
import dev.settle.shared.ListParams;
import dev.settle.shared.Metadata;
import dev.settle.shared.ResourceNotFoundException;
import dev.settle.shared.UpstreamException;
import dev.settle.tenancy.Tenant;

/**
 * Payment methods. Raw card data goes straight to the processor's tokenizer and is dropped:
 * only the token and the displayable parts (brand, last4, expiry, fingerprint) are kept. Live
 * mode takes processor tokens only.
 */
@Service
class PaymentMethodService {

    private final PaymentMethodRepository methods;
    private final Customers customers;
    private final Connectors connectors;
    private final Clock clock;

    private final org.springframework.context.ApplicationEventPublisher publisher;

    PaymentMethodService(PaymentMethodRepository methods, Customers customers, Connectors connectors, Clock clock,
            org.springframework.context.ApplicationEventPublisher publisher) {
        this.publisher = publisher;
        this.methods = methods;
        this.customers = customers;
        this.connectors = connectors;
        this.clock = clock;
    }

    /** Card input as the API takes it. Never printed: {@link #toString()} hides the number and CVC. */
    record CardInput(@Nullable String number, @Nullable Integer expMonth, @Nullable Integer expYear, @Nullable String cvc,
            @Nullable String token) {

        @Override
        public String toString() {
            return "CardInput[number=****, cvc=***, token=" + token + "]";
        }
    }

    PaymentMethod create(Tenant tenant, @Nullable String type, @Nullable CardInput card, @Nullable Map<String, String> metadata) {
        if (type == null) {
            throw InvalidRequestException.missingParam("type");
        }
        if (!type.equals("card")) {
            throw InvalidRequestException.invalidParam("type", "type must be card.");
        }
        if (card == null) {
            throw InvalidRequestException.missingParam("card");
        }
        Map<String, String> validMetadata = Metadata.validate(metadata);
        ProcessorConnector connector = connectors.active();
        CardToken token = card.token() != null ? fromToken(connector, card) : tokenize(tenant, connector, card);
        PaymentMethod method = new PaymentMethod(Ids.newId("pm"), tenant.accountId(), tenant.livemode(), null, false,
                token.brand(), token.last4(), token.expMonth(), token.expYear(), token.fingerprint(), connector.name(),
                token.token(), validMetadata, clock.instant());
        methods.insert(method);
        return method;
    }

    private static CardToken fromToken(ProcessorConnector connector, CardInput card) {
        if (Stream.of(card.number(), card.expMonth(), card.expYear(), card.cvc()).anyMatch(Objects::nonNull)) {
            throw InvalidRequestException.invalidParam("card[token]", "Pass either card[token] or card details, not both.");
        }
        try {
            return connector.retrieveToken(card.token());
        } catch (CardRejectedException e) {
            throw new InvalidRequestException(e.code(), e.getMessage(), "card[token]");
        } catch (ProcessorUnavailableException e) {
            throw new UpstreamException("processor_unavailable", "The processor could not be reached; try again.");
        }
    }

    private static CardToken tokenize(Tenant tenant, ProcessorConnector connector, CardInput card) {
        if (tenant.livemode()) {
            throw new InvalidRequestException("live_mode_card_data",
                    "Live mode does not accept raw card data. Tokenize the card with the processor and pass card[token].",
                    "card[number]");
        }
        if (card.number() == null) {
            throw InvalidRequestException.missingParam("card[number]");
        }
        if (card.expMonth() == null) {
            throw InvalidRequestException.missingParam("card[exp_month]");
        }
        if (card.expYear() == null) {
            throw InvalidRequestException.missingParam("card[exp_year]");
        }
        if (card.cvc() == null) {
            throw InvalidRequestException.missingParam("card[cvc]");
        }
        if (!card.number().matches("[0-9 ]{12,23}")) {
            throw new InvalidRequestException("invalid_number", "The card number is not a valid card number.", "card[number]");
        }
        try {
            return connector.tokenize(new CardDetails(card.number(), card.expMonth(), card.expYear(), card.cvc()));
        } catch (CardRejectedException e) {
            throw new InvalidRequestException(e.code(), e.getMessage(), "card[" + e.field() + "]");
        } catch (ProcessorUnavailableException e) {
            throw new UpstreamException("processor_unavailable", "The processor could not be reached; try again.");
        }
    }

    PaymentMethod retrieve(Tenant tenant, String id) {
        return methods.find(tenant, id).orElseThrow(() -> new ResourceNotFoundException("payment_method", id, "id"));
    }

    /** A payment method the tenant owns, for use in a payment; 404 naming {@code param} otherwise. */
    PaymentMethod require(Tenant tenant, String id, String param) {
        return methods.find(tenant, id).orElseThrow(() -> new ResourceNotFoundException("payment_method", id, param));
    }

    @Nullable
    PaymentMethod defaultFor(Tenant tenant, String customer) {
        return methods.defaultFor(tenant, customer).orElse(null);
    }

    @Transactional
    PaymentMethod attach(Tenant tenant, String id, @Nullable String customer, boolean makeDefault) {
        if (customer == null) {
            throw InvalidRequestException.missingParam("customer");
        }
        customers.require(tenant, customer, "customer");
        PaymentMethod method = methods.lock(tenant, id, "id");
        if (method.customerId() != null && !method.customerId().equals(customer)) {
            throw new ConflictException("payment_method_already_attached",
                    "This payment method is attached to another customer; detach it first.", "customer");
        }
        if (method.customerId() == null) {
            methods.setCustomer(id, customer);
        }
        if (makeDefault) {
            methods.makeDefault(customer, id);
            publisher.publishEvent(new DefaultPaymentMethodSet(tenant, customer, new PaymentMethodId(id)));
        }
        return retrieve(tenant, id);
    }

    @Transactional
    PaymentMethod detach(Tenant tenant, String id) {
        PaymentMethod method = methods.lock(tenant, id, "id");
        if (method.customerId() == null) {
            throw new ConflictException("payment_method_not_attached", "This payment method is not attached to a customer.", null);
        }
        methods.setCustomer(id, null);
        return retrieve(tenant, id);
    }

    ListPage<PaymentMethod> listForCustomer(Tenant tenant, String customer, ListParams params) {
        customers.require(tenant, customer, "customer");
        return ListPage.of(methods.listForCustomer(tenant, customer, params), params, "/v1/customers/" + customer + "/payment_methods");
    }
}
