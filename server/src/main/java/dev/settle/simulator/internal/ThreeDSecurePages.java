package dev.settle.simulator.internal;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Set;

import dev.settle.shared.ApiException;
import dev.settle.shared.InvalidRequestException;

/**
 * The bank's 3-D Secure challenge, as a shopper's browser sees it: a page with the amount and
 * two buttons, and the endpoint they post to. No API key: the charge id in the URL is the secret
 * handed to the shopper, as with a real challenge URL. Tests and scripts may post JSON instead.
 */
final class ThreeDSecurePages {

    private static final Set<String> FIELDS = Set.of("outcome");

    private final Charges charges;

    ThreeDSecurePages(Charges charges) {
        this.charges = charges;
    }

    void page(HttpCall call, String chargeId) throws IOException {
        Charge charge;
        try {
            charge = charges.get(chargeId);
        } catch (ApiException e) {
            call.sendHtml(e.status(), page("Payment not found", "<p>There is no payment to authenticate here.</p>"));
            return;
        }
        String amount = BigDecimal.valueOf(charge.amount(), charge.currency().exponent()).toPlainString() + " "
                + charge.currency().code().toUpperCase(Locale.ROOT);
        if (charge.status() != Charge.Status.REQUIRES_ACTION) {
            call.sendHtml(200, page("Nothing to authenticate",
                    "<p>This payment of <strong>" + amount + "</strong> is no longer awaiting authentication (it is "
                            + charge.status().wire() + ").</p>"));
            return;
        }
        String action = "/3ds/" + charge.id() + "/complete";
        String purpose = charge.description() == null ? "" : " for " + escape(charge.description());
        call.sendHtml(200, page("Authenticate your payment", """
                <p>Your bank asks you to confirm a payment of <strong>%s</strong>%s.</p>
                <form method="post" action="%s"><input type="hidden" name="outcome" value="succeed">
                  <button type="submit">Complete authentication</button></form>
                <form method="post" action="%s"><input type="hidden" name="outcome" value="fail">
                  <button type="submit" class="fail">Fail authentication</button></form>
                """.formatted(amount, purpose, action, action)));
    }

    void complete(HttpCall call, String chargeId) throws IOException {
        boolean form = call.isFormPost();
        try {
            String outcome = form
                    ? call.formBody().get("outcome")
                    : call.jsonBody(FIELDS).string("outcome", "parameter_invalid", "outcome must be \"succeed\" or \"fail\".");
            if (!"succeed".equals(outcome) && !"fail".equals(outcome)) {
                throw new InvalidRequestException("parameter_invalid", "outcome must be \"succeed\" or \"fail\".", "outcome");
            }
            Charge charge = charges.completeAuthentication(chargeId, outcome.equals("succeed"));
            if (form) {
                call.sendHtml(200, page(charge.status() == Charge.Status.SUCCEEDED ? "Payment authenticated" : "Authentication failed",
                        "<p>You can close this window and return to the shop.</p>"));
            } else {
                call.send(Reply.ok(charges.render(charge)));
            }
        } catch (ApiException e) {
            if (!form) {
                throw e;
            }
            call.sendHtml(e.status(), page("This payment cannot be authenticated", "<p>" + escape(e.getMessage()) + "</p>"));
        }
    }

    private static String page(String title, String body) {
        return """
                <!doctype html>
                <html lang="en">
                <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s · Settle simulator</title>
                <style>
                  body { font-family: system-ui, sans-serif; max-width: 28rem; margin: 4rem auto; padding: 0 1rem; color: #1a1a1a; }
                  .bank { font-size: .8rem; color: #666; text-transform: uppercase; letter-spacing: .08em; }
                  form { display: inline-block; margin: 1rem .5rem 0 0; }
                  button { font: inherit; padding: .6rem 1.2rem; border: 0; border-radius: .4rem; background: #1f6f43; color: #fff; cursor: pointer; }
                  button.fail { background: #9b1c1c; }
                </style></head>
                <body>
                <p class="bank">Simulator test bank · 3-D Secure</p>
                <h1>%s</h1>
                %s
                </body>
                </html>
                """.formatted(escape(title), escape(title), body);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
