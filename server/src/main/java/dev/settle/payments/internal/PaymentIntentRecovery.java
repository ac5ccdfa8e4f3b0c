package dev.settle.payments.internal;

import org.springframework.stereotype.Component;

import dev.settle.idempotency.RecoverableResource;
import dev.settle.tenancy.Tenant;

/** The answer to a retried request whose first run died after recording its work on an intent. */
@Component
class PaymentIntentRecovery implements RecoverableResource {

    private final PaymentIntentService intents;
    private final PaymentViews views;

    PaymentIntentRecovery(PaymentIntentService intents, PaymentViews views) {
        this.intents = intents;
        this.views = views;
    }

    @Override
    public String type() {
        return PaymentIntentService.RESOURCE;
    }

    @Override
    public Object current(Tenant tenant, String id) {
        return views.intent(intents.retrieve(tenant, id));
    }
}
