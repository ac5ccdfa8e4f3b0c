package dev.settle.billing.internal;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.settle.shared.ListPage;
import dev.settle.shared.ListParams;
import dev.settle.tenancy.Tenant;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/v1/test_helpers/test_clocks")
@Tag(name = "Test clocks")
class TestClockController {

    private final TestClockService clocks;

    TestClockController(TestClockService clocks) {
        this.clocks = clocks;
    }

    record CreateRequest(@Nullable Long frozenTime, @Nullable String name) {
    }

    record AdvanceRequest(@Nullable Long frozenTime) {
    }

    record TestClockView(String id, String object, boolean livemode, @Nullable String name, long frozenTime, String status,
            @Nullable Long advancingTo, long created) {

        static TestClockView of(TestClock clock) {
            return new TestClockView(clock.id(), "test_helpers.test_clock", false, clock.name(), clock.frozenTime().getEpochSecond(),
                    clock.status(), clock.status().equals("advancing") ? clock.targetTime().getEpochSecond() : null,
                    clock.created().getEpochSecond());
        }
    }

    record DeletedView(String id, String object, boolean deleted) {
    }

    @PostMapping
    @Operation(operationId = "createTestClock", summary = "Create a test clock", description = "Test mode only. frozen_time (Unix seconds) is required.")
    TestClockView create(Tenant tenant, @RequestBody(required = false) @Nullable CreateRequest request) {
        CreateRequest body = request == null ? new CreateRequest(null, null) : request;
        return TestClockView.of(clocks.create(tenant, body.frozenTime(), body.name()));
    }

    @GetMapping("/{id}")
    @Operation(operationId = "retrieveTestClock", summary = "Retrieve a test clock")
    TestClockView retrieve(Tenant tenant, @PathVariable String id) {
        return TestClockView.of(clocks.retrieve(tenant, id));
    }

    @PostMapping("/{id}/advance")
    @Operation(operationId = "advanceTestClock", summary = "Advance a test clock", description = "Asynchronous: status is advancing until everything due up to frozen_time has run in time order, then ready (event test_helpers.test_clock.ready). Never backwards; at most two of the longest subscription interval ahead.")
    TestClockView advance(Tenant tenant, @PathVariable String id, @RequestBody(required = false) @Nullable AdvanceRequest request) {
        return TestClockView.of(clocks.advance(tenant, id, request == null ? null : request.frozenTime()));
    }

    @DeleteMapping("/{id}")
    @Operation(operationId = "deleteTestClock", summary = "Delete a test clock")
    DeletedView delete(Tenant tenant, @PathVariable String id) {
        clocks.delete(tenant, id);
        return new DeletedView(id, "test_helpers.test_clock", true);
    }

    @GetMapping
    @Operation(operationId = "listTestClocks", summary = "List test clocks")
    ListPage<TestClockView> list(Tenant tenant,
            @RequestParam(required = false) @Nullable String limit,
            @RequestParam(name = "starting_after", required = false) @Nullable String startingAfter,
            @RequestParam(name = "ending_before", required = false) @Nullable String endingBefore) {
        return clocks.list(tenant, ListParams.parse(limit, startingAfter, endingBefore)).map(TestClockView::of);
    }
}
