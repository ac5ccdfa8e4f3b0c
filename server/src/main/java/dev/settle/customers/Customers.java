package dev.settle.customers;

import org.springframework.stereotype.Service;

import dev.settle.customers.internal.CustomerRepository;
import dev.settle.shared.ResourceNotFoundException;
import dev.settle.tenancy.Tenant;

/** What other modules may ask of customers. */
@Service
public class Customers {

    private final CustomerRepository repository;

    Customers(CustomerRepository repository) {
        this.repository = repository;
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
