package dev.settle.support.crash;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.settle.support.Api;

/**
 * What Settle's API answered over the whole campaign: every payment intent and refund it
 * acknowledged, and every intent it reported as succeeded. A crash must lose none of them.
 */
final class Acknowledged {

    final Set<String> intents = ConcurrentHashMap.newKeySet();
    final Set<String> succeededIntents = ConcurrentHashMap.newKeySet();
    final Set<String> refunds = ConcurrentHashMap.newKeySet();

    /** Records a 200 answer about a payment intent or a refund; returns its status. */
    String record(Api.Response answer) {
        String id = answer.text("id");
        String status = answer.text("status");
        if (id == null) {
            return "unreadable";
        }
        if (id.startsWith("pi_")) {
            intents.add(id);
            if ("succeeded".equals(status)) {
                succeededIntents.add(id);
            }
        } else if (id.startsWith("re_")) {
            refunds.add(id);
        }
        return status;
    }
}
