package dev.settle.customers.internal;

import java.time.Clock;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.settle.customers.TestClocks;
import dev.settle.events.Events;
import dev.settle.shared.InvalidRequestException;
import dev.settle.shared.Ids;
import dev.settle.shared.ListPage;
import dev.settle.shared.ListParams;
import dev.settle.shared.Metadata;
import dev.settle.shared.ResourceNotFoundException;
import dev.settle.tenancy.Tenant;

@Service
public class CustomerService {

    private final CustomerRepository repository;
    private final Events events;
    private final Clock clock;
    private final TestClocks testClocks;

    CustomerService(CustomerRepository repository, Events events, Clock clock, TestClocks testClocks) {
        this.repository = repository;
        this.events = events;
        this.clock = clock;
        this.testClocks = testClocks;
    }

    record CustomerChanges(@Nullable String email, @Nullable String name, @Nullable String phone,
            @Nullable String description, @Nullable Map<String, String> metadata, @Nullable String testClock) {
    }

    @Transactional
    Customer create(Tenant tenant, CustomerChanges request) {
        java.time.Instant now = request.testClock() == null ? clock.instant() : clockTime(tenant, request.testClock());
        Customer customer = new Customer(Ids.newId("cus"), tenant.accountId(), tenant.livemode(),
                CustomerFields.email(request.email()),
                CustomerFields.text("name", request.name(), 256),
                CustomerFields.phone(request.phone()),
                CustomerFields.text("description", request.description(), 1000),
                Metadata.validate(request.metadata()),
                request.testClock(),
                now);
        repository.insert(customer);
        events.record(tenant, "customer.created", customer.id(), CustomerController.CustomerView.of(customer), now);
        return customer;
    }

    /** The frozen time of the test clock a new customer is created on: objects made under it carry its time. */
    private java.time.Instant clockTime(Tenant tenant, String testClock) {
        if (tenant.livemode()) {
            throw InvalidRequestException.invalidParam("test_clock", "Test clocks exist in test mode only.");
        }
        return testClocks.frozenTime(tenant, testClock)
                .orElseThrow(() -> new ResourceNotFoundException("test_clock", testClock, "test_clock"));
    }

    Customer retrieve(Tenant tenant, String id) {
        return repository.find(tenant, id).orElseThrow(() -> notFound(id));
    }

    /** Fields given are set ("" clears one); fields not given stay; metadata merges. */
    @Transactional
    Customer update(Tenant tenant, String id, CustomerChanges changes) {
        Customer current = repository.findForUpdate(tenant, id).orElseThrow(() -> notFound(id));
        Customer updated = new Customer(current.id(), current.accountId(), current.livemode(),
                changes.email() == null ? current.email() : CustomerFields.email(changes.email()),
                changes.name() == null ? current.name() : CustomerFields.text("name", changes.name(), 256),
                changes.phone() == null ? current.phone() : CustomerFields.phone(changes.phone()),
                changes.description() == null ? current.description() : CustomerFields.text("description", changes.description(), 1000),
                Metadata.merge(current.metadata(), changes.metadata()),
                current.testClock(),
                current.created());
        repository.update(updated);
        events.record(tenant, "customer.updated", updated.id(), CustomerController.CustomerView.of(updated));
        return updated;
    }

    @Transactional
    void delete(Tenant tenant, String id) {
        Customer customer = repository.findForUpdate(tenant, id).orElseThrow(() -> notFound(id));
        repository.delete(tenant, id, clock.instant());
        events.record(tenant, "customer.deleted", id, CustomerController.CustomerView.of(customer));
    }

    /** See {@link dev.settle.customers.Customers#deleteOnTestClock}. */
    public int deleteOnTestClock(Tenant tenant, String testClock, java.time.Instant at) {
        java.util.List<Customer> onClock = repository.onTestClock(tenant, testClock);
        for (Customer customer : onClock) {
            repository.delete(tenant, customer.id(), at);
            events.record(tenant, "customer.deleted", customer.id(), CustomerController.CustomerView.of(customer), at);
        }
        return onClock.size();
    }

    ListPage<Customer> list(Tenant tenant, ListParams params, @Nullable String email) {
        return ListPage.of(repository.list(tenant, params, email), params, "/v1/customers");
    }

    private static ResourceNotFoundException notFound(String id) {
        return new ResourceNotFoundException("customer", id, "id");
    }
}
