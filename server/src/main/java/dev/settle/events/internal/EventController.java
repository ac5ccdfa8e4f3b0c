package dev.settle.events.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.settle.shared.InvalidRequestException;
import dev.settle.shared.ListPage;
import dev.settle.shared.ListParams;
import dev.settle.shared.UnixTime;
import dev.settle.shared.ResourceNotFoundException;
import dev.settle.tenancy.Tenant;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The events API, read from the archive (PostgreSQL, or MongoDB when configured): what happened, in sequence order. */
@RestController
@Tag(name = "Events")
class EventController {

    private static final Pattern TYPE_PATTERN = Pattern.compile("^(\\*|[a-z_]+(\\.[a-z_]+)*(\\.\\*)?)$");

    private final EventArchive archive;
    private final JsonMapper json;

    EventController(EventArchive archive, JsonMapper json) {
        this.archive = archive;
        this.json = json;
    }

    @GetMapping("/v1/events/{id}")
    @Operation(operationId = "retrieveEvent", summary = "Retrieve an event")
    JsonNode retrieve(Tenant tenant, @PathVariable String id) {
        return archive.payload(tenant, id).map(json::readTree)
                .orElseThrow(() -> new ResourceNotFoundException("event", id, "id"));
    }

    @GetMapping("/v1/events")
    @Operation(operationId = "listEvents", summary = "List events",
            description = "Newest first (by sequence). Filter by type or types[] (exact, or wildcards such as payment_intent.*), created[gte] / created[lt] (Unix seconds) and object (the id of the object an event is about). Events are kept 30 days.")
    ListPage<JsonNode> list(Tenant tenant,
            @RequestParam(required = false) @Nullable String limit,
            @RequestParam(name = "starting_after", required = false) @Nullable String startingAfter,
            @RequestParam(name = "ending_before", required = false) @Nullable String endingBefore,
            @RequestParam(required = false) @Nullable String type,
            @RequestParam(name = "types[]", required = false) @Nullable List<String> types,
            @RequestParam(name = "created[gte]", required = false) @Nullable String createdGte,
            @RequestParam(name = "created[lt]", required = false) @Nullable String createdLt,
            @RequestParam(required = false) @Nullable String object) {
        ListParams params = ListParams.parse(limit, startingAfter, endingBefore);
        List<String> patterns = new ArrayList<>();
        if (type != null) {
            patterns.add(checkType(type, "type"));
        }
        if (types != null) {
            if (type != null) {
                throw InvalidRequestException.invalidParam("types[]", "Use either type or types[], not both.");
            }
            if (types.size() > 20) {
                throw InvalidRequestException.invalidParam("types[]", "At most 20 types.");
            }
            for (String each : types) {
                patterns.add(checkType(each, "types[]"));
            }
        }
        Long before = null;
        Long after = null;
        if (params.cursor() != null) {
            long cursor = archive.sequence(tenant, params.cursor())
                    .orElseThrow(() -> new ResourceNotFoundException("event", params.cursor(), params.cursorParam()));
            if (params.backwards()) {
                after = cursor;
            } else {
                before = cursor;
            }
        }
        EventArchive.Query query = new EventArchive.Query(patterns, UnixTime.parse("created[gte]", createdGte),
                UnixTime.parse("created[lt]", createdLt), object);
        List<JsonNode> events = archive.page(tenant, query, before, after, params.limit() + 1).stream()
                .map(json::readTree).toList();
        return ListPage.of(events, params, "/v1/events");
    }

    private static String checkType(String pattern, String param) {
        if (!TYPE_PATTERN.matcher(pattern).matches()) {
            throw InvalidRequestException.invalidParam(param, "'" + pattern + "' is not an event type or pattern such as payment_intent.*");
        }
        return pattern;
    }

}
