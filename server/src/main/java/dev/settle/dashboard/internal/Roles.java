package dev.settle.dashboard.internal;

import org.springframework.stereotype.Component;

import dev.settle.tenancy.OperatorSessions;
import dev.settle.tenancy.OperatorSessions.Operator;

/**
 * What the signed-in user may do, asked as the API request the action makes, so a button shows
 * exactly when the API would accept it, and a posted form is refused before it is sent.
 */
@Component
public class Roles {

    private final OperatorSessions sessions;

    Roles(OperatorSessions sessions) {
        this.sessions = sessions;
    }

    /** The actions a page offers, for the templates. */
    public record Can(boolean refund, boolean capture, boolean cancel, boolean webhooks, boolean users, boolean billing,
            boolean reconcile, boolean keys) {
    }

    Can can(Operator operator) {
        return new Can(allows(operator, "POST", "/v1/refunds"),
                allows(operator, "POST", "/v1/payment_intents/x/capture"),
                allows(operator, "POST", "/v1/payment_intents/x/cancel"),
                allows(operator, "POST", "/v1/webhook_endpoints"),
                allows(operator, "POST", "/v1/users"),
                allows(operator, "POST", "/v1/invoices/x/pay"),
                allows(operator, "POST", "/v1/reconciliation/items/x/resolve"),
                allows(operator, "POST", "/v1/api_keys"));
    }

    boolean allows(Operator operator, String method, String apiPath) {
        return sessions.allows(operator, method, apiPath);
    }

    void require(Operator operator, String method, String apiPath) {
        if (!allows(operator, method, apiPath)) {
            throw new Forbidden("Your role (" + operator.role() + ") does not allow this action.");
        }
    }
}
