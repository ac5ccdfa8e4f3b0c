package dev.settle.customers;

import org.springframework.stereotype.Service;

import dev.settle.customers.internal.CustomerRepository;
import dev.settle.shared.ResourceNotFoundException;
import dev.settle.tenancy.Tenant;

/** What other modules may ask of customers. */
@Service
public class Customers {

    private final CustomerRepository repository;
    private final dev.settle.customers.internal.CustomerService service;

    Customers(CustomerRepository repository, dev.settle.customers.internal.CustomerService service) {
        this.repository = repository;
        this.service = service;
    }

    /** The test clock the customer lives on, if any (fixed at the customer's creation). */
    public java.util.Optional<String> testClock(Tenant tenant, CustomerId customer) {
        return repository.find(tenant, customer.value()).map(c -> c.testClock());
    }

    /**
     * Deletes every customer on the test clock (its deletion deletes them), each with its
     * {@code customer.deleted} event at {@code at}; must run in the caller's transaction.
     */
    @org.springframework.transaction.annotation.Transactional(propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
    public int deleteOnTestClock(Tenant tenant, String testClock, java.time.Instant at) {
        return service.deleteOnTestClock(tenant, testClock, at);
    }

    /**
     * Fails with 404 (naming {@code param}) unless the customer exists, is not deleted and
     * belongs to this tenant: another account's customer is indistinguishable from none.
     */
    public CustomerId require(Tenant tenant, String id, String param) {
        return repository.find(tenant, id)
                .map(customer -> new CustomerId(customer.id()))
                .orElseThrow(() -> new ResourceNotFoundException("customer", id, param));
    }
}
