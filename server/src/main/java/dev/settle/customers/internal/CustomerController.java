package dev.settle.customers.internal;

import java.util.Map;

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
import dev.settle.shared.Metadata;
import dev.settle.tenancy.Tenant;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/v1/customers")
@Tag(name = "Customers")
class CustomerController {

    private final CustomerService customers;

    CustomerController(CustomerService customers) {
        this.customers = customers;
    }

    record CustomerRequest(@Nullable String email, @Nullable String name, @Nullable String phone,
            @Nullable String description, @Nullable Map<String, String> metadata) {

        CustomerService.CustomerChanges changes() {
            return new CustomerService.CustomerChanges(email, name, phone, description, metadata, null);
        }
    }

    /** Creation also takes {@code test_clock} (test mode), which cannot change afterwards. */
    record NewCustomerRequest(@Nullable String email, @Nullable String name, @Nullable String phone,
            @Nullable String description, @Nullable Map<String, String> metadata, @Nullable String testClock) {
    }

    record CustomerView(String id, String object, boolean livemode, @Nullable String email, @Nullable String name,
            @Nullable String phone, @Nullable String description, Map<String, String> metadata, @Nullable String testClock,
            long created) {

        static CustomerView of(Customer customer) {
            return new CustomerView(customer.id(), "customer", customer.livemode(), customer.email(), customer.name(),
                    customer.phone(), customer.description(), Metadata.sorted(customer.metadata()), customer.testClock(),
                    customer.created().getEpochSecond());
        }
    }

    record DeletedView(String id, String object, boolean deleted) {
    }

    @PostMapping
    @Operation(operationId = "createCustomer", summary = "Create a customer")
    CustomerView create(Tenant tenant, @RequestBody(required = false) @Nullable NewCustomerRequest request) {
        NewCustomerRequest b = request == null ? new NewCustomerRequest(null, null, null, null, null, null) : request;
        return CustomerView.of(customers.create(tenant,
                new CustomerService.CustomerChanges(b.email(), b.name(), b.phone(), b.description(), b.metadata(), b.testClock())));
    }

    @GetMapping("/{id}")
    @Operation(operationId = "retrieveCustomer", summary = "Retrieve a customer")
    CustomerView retrieve(Tenant tenant, @PathVariable String id) {
        return CustomerView.of(customers.retrieve(tenant, id));
    }

    @PostMapping("/{id}")
    @Operation(operationId = "updateCustomer", summary = "Update a customer", description = "Fields given are set (an empty string clears one); metadata keys merge, an empty value removes a key.")
    CustomerView update(Tenant tenant, @PathVariable String id, @RequestBody CustomerRequest request) {
        return CustomerView.of(customers.update(tenant, id, request.changes()));
    }

    @DeleteMapping("/{id}")
    @Operation(operationId = "deleteCustomer", summary = "Delete a customer")
    DeletedView delete(Tenant tenant, @PathVariable String id) {
        customers.delete(tenant, id);
        return new DeletedView(id, "customer", true);
    }

    @GetMapping
    @Operation(operationId = "listCustomers", summary = "List customers", description = "Newest first. limit 1–100 (default 10), starting_after or ending_before an id, optional exact email (case-insensitive).")
    ListPage<CustomerView> list(Tenant tenant,
            @RequestParam(required = false) @Nullable String limit,
            @RequestParam(name = "starting_after", required = false) @Nullable String startingAfter,
            @RequestParam(name = "ending_before", required = false) @Nullable String endingBefore,
            @RequestParam(required = false) @Nullable String email) {
        ListParams params = ListParams.parse(limit, startingAfter, endingBefore);
        return customers.list(tenant, params, email).map(CustomerView::of);
    }
}
