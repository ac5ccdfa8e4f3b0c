package dev.settle.billing.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.settle.catalog.Recurring;
import dev.settle.customers.TestClocks;
import dev.settle.events.Events;
import dev.settle.shared.Ids;
import dev.settle.shared.InvalidRequestException;
import dev.settle.shared.InvalidStateTransition;
import dev.settle.shared.ListPage;
import dev.settle.shared.ListParams;
import dev.settle.shared.ResourceNotFoundException;
import dev.settle.tenancy.Tenant;

/**
 * Test clocks: frozen time for the customers created on them. An advance is asynchronous: the
 * billing job moves the clock from one due moment to the next ({@link BillingJob}), and the
 * clock is {@code ready} again, with a {@code test_helpers.test_clock.ready} event, at its target.
 */
@Service
class TestClockService implements TestClocks {

    /** Without subscriptions on it, a clock may move this far per advance. */
    private static final Recurring DEFAULT_REACH = new Recurring(Recurring.Interval.MONTH, 1);

    private final TestClockRepository clocks;
    private final SubscriptionRepository subscriptions;
    private final InvoiceRepository invoices;
    private final Invoicing invoicing;
    private final dev.settle.customers.Customers customers;
    private final Events events;
    private final Clock clock;

    TestClockService(TestClockRepository clocks, SubscriptionRepository subscriptions, InvoiceRepository invoices,
            @org.springframework.context.annotation.Lazy Invoicing invoicing, @org.springframework.context.annotation.Lazy dev.settle.customers.Customers customers,
            Events events, Clock clock) {
        this.clocks = clocks;
        this.subscriptions = subscriptions;
        this.invoices = invoices;
        this.invoicing = invoicing;
        this.customers = customers;
        this.events = events;
        this.clock = clock;
    }

    @Override
    public Optional<Instant> frozenTime(Tenant tenant, String testClock) {
        return clocks.find(tenant, testClock).map(TestClock::frozenTime);
    }

    @Transactional
    TestClock create(Tenant tenant, @Nullable Long frozenTime, @Nullable String name) {
        requireTestMode(tenant);
        if (frozenTime == null) {
            throw InvalidRequestException.missingParam("frozen_time");
        }
        if (name != null && name.length() > 256) {
            throw InvalidRequestException.invalidParam("name", "name can be at most 256 characters long.");
        }
        TestClock created = new TestClock(Ids.newId("clock"), tenant.accountId(), name, time("frozen_time", frozenTime),
                time("frozen_time", frozenTime), "ready", clock.instant());
        clocks.insert(created);
        return created;
    }

    TestClock retrieve(Tenant tenant, String id) {
        return clocks.find(tenant, id).orElseThrow(() -> notFound(id));
    }

    /**
     * Starts moving the clock to {@code frozen_time}: never backwards, at most two of the longest
     * billing intervals among its subscriptions ahead, and not while it is still advancing.
     */
    @Transactional
    TestClock advance(Tenant tenant, String id, @Nullable Long frozenTime) {
        requireTestMode(tenant);
        TestClock current = clocks.findForUpdate(tenant, id).orElseThrow(() -> notFound(id));
        if (frozenTime == null) {
            throw InvalidRequestException.missingParam("frozen_time");
        }
        if (current.status().equals("advancing")) {
            throw new InvalidStateTransition("test_clock", "advance", id, current.status());
        }
        Instant target = time("frozen_time", frozenTime);
        if (!target.isAfter(current.frozenTime())) {
            throw InvalidRequestException.invalidParam("frozen_time",
                    "frozen_time must be after the clock's current frozen_time (" + current.frozenTime().getEpochSecond() + ").");
        }
        ZonedDateTime from = current.frozenTime().atZone(ZoneOffset.UTC);
        Instant limit = clocks.intervals(id).stream().map(r -> r.periodEnd(from, 2).toInstant()).max(Instant::compareTo)
                .orElse(DEFAULT_REACH.periodEnd(from, 2).toInstant());
        if (target.isAfter(limit)) {
            throw InvalidRequestException.invalidParam("frozen_time", "A test clock can advance at most two of its longest "
                    + "subscription interval at once: up to " + limit.getEpochSecond() + ".");
        }
        clocks.advance(id, target);
        return new TestClock(id, current.accountId(), current.name(), current.frozenTime(), target, "advancing", current.created());
    }

    /**
     * Deletes the clock and what lives on it: its customers are deleted, their subscriptions
     * canceled, their open invoices voided (the ledger reversed) and their drafts dropped, all at
     * the clock's time, in one transaction.
     */
    @Transactional
    void delete(Tenant tenant, String id) {
        TestClock current = clocks.findForUpdate(tenant, id).orElseThrow(() -> notFound(id));
        Instant at = current.frozenTime();
        for (Subscription sub : subscriptions.liveOnTestClock(id)) {
            invoicing.cancel(sub, at, at);
        }
        for (Invoice invoice : invoices.unpaidOnTestClock(id)) {
            if (invoice.status().equals("open")) {
                invoicing.voided(invoice, at);
            } else {
                invoices.update(invoice.closed("void", at));
            }
        }
        customers.deleteOnTestClock(tenant, id, at);
        clocks.delete(id, clock.instant());
    }

    ListPage<TestClock> list(Tenant tenant, ListParams params) {
        return ListPage.of(clocks.list(tenant, params), params, "/v1/test_helpers/test_clocks");
    }

    /** Settles the clock at its target and says so. */
    @Transactional
    void ready(String id) {
        clocks.lockById(id).filter(c -> c.status().equals("advancing")).ifPresent(c -> {
            clocks.freeze(id, c.targetTime(), "ready");
            TestClock ready = new TestClock(id, c.accountId(), c.name(), c.targetTime(), c.targetTime(), "ready", c.created());
            events.record(c.tenant(), "test_helpers.test_clock.ready", id, TestClockController.TestClockView.of(ready), c.targetTime());
        });
    }

    private static Instant time(String param, long seconds) {
        if (seconds < 0 || seconds > 253402300799L) {
            throw InvalidRequestException.invalidParam(param, param + " must be a Unix time in seconds.");
        }
        return Instant.ofEpochSecond(seconds);
    }

    private static void requireTestMode(Tenant tenant) {
        if (tenant.livemode()) {
            throw new InvalidRequestException("livemode_not_allowed", "Test clocks exist in test mode only; use a test key.", null);
        }
    }

    private static ResourceNotFoundException notFound(String id) {
        return new ResourceNotFoundException("test_clock", id, "id");
    }
}
