package dev.settle.tenancy.internal;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.settle.shared.InvalidRequestException;
import dev.settle.shared.ListPage;
import dev.settle.shared.ListParams;
import dev.settle.shared.UnixTime;
import dev.settle.tenancy.Tenant;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.JsonNode;

/** {@code GET /v1/audit_log}: the account's privileged actions, newest first. */
@RestController
@Tag(name = "Audit log")
class AuditController {

    private final AuditRepository entries;

    AuditController(AuditRepository entries) {
        this.entries = entries;
    }

    record Actor(String type, @Nullable String id) {
    }

    record AuditEntryView(String id, String object, @Nullable Boolean livemode, String action, Actor actor, @Nullable String ip,
            @Nullable String requestId, String objectType, String objectId, JsonNode changes, long created) {

        static AuditEntryView of(AuditRepository.Entry entry) {
            return new AuditEntryView(entry.id(), "audit_log_entry", entry.livemode(), entry.action(),
                    new Actor(entry.actorType(), entry.actorId()), entry.ip(), entry.requestId(), entry.objectType(),
                    entry.objectId(), entry.changes(), entry.created().getEpochSecond());
        }
    }

    @GetMapping("/v1/audit_log")
    @Operation(operationId = "listAuditLog", summary = "List audit log entries",
            description = "Privileged actions on this account (API keys, webhook endpoints, refunds, the account, users and "
                    + "roles): who (actor: api_key, user, operator or system, with its id), when, from which address, and "
                    + "changes (before/after of the fields changed; never a secret). Entries of the key's mode and "
                    + "account-wide ones (livemode null), newest first. Filter by action, actor (a key or user id, or "
                    + "operator), object (the id acted on), created[gte] / created[lte] (Unix seconds).")
    ListPage<AuditEntryView> list(Tenant tenant,
            @RequestParam(required = false) @Nullable String limit,
            @RequestParam(name = "starting_after", required = false) @Nullable String startingAfter,
            @RequestParam(name = "ending_before", required = false) @Nullable String endingBefore,
            @RequestParam(required = false) @Nullable String action,
            @RequestParam(required = false) @Nullable String actor,
            @RequestParam(required = false) @Nullable String object,
            @RequestParam(name = "created[gte]", required = false) @Nullable String createdGte,
            @RequestParam(name = "created[lte]", required = false) @Nullable String createdLte) {
        ListParams params = ListParams.parse(limit, startingAfter, endingBefore);
        AuditRepository.Filter filter = new AuditRepository.Filter(text("action", action), text("actor", actor),
                text("object", object), UnixTime.parse("created[gte]", createdGte), UnixTime.parse("created[lte]", createdLte));
        return ListPage.of(entries.list(tenant, filter, params), params, "/v1/audit_log").map(AuditEntryView::of);
    }

    private static @Nullable String text(String param, @Nullable String value) {
        if (value != null && (value.isBlank() || value.length() > 255 || value.indexOf('\0') >= 0)) {
            throw InvalidRequestException.invalidParam(param, param + " must be 1 to 255 characters.");
        }
        return value;
    }
}
