package dev.settle.catalog.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.settle.events.Events;
import dev.settle.shared.ConflictException;
import dev.settle.shared.Ids;
import dev.settle.shared.InvalidRequestException;
import dev.settle.shared.ListPage;
import dev.settle.shared.ListParams;
import dev.settle.shared.Metadata;
import dev.settle.shared.ResourceNotFoundException;
import dev.settle.tenancy.Tenant;

@Service
class ProductService {

    private final ProductRepository products;
    private final PriceRepository prices;
    private final Events events;
    private final Clock clock;

    ProductService(ProductRepository products, PriceRepository prices, Events events, Clock clock) {
        this.products = products;
        this.prices = prices;
        this.events = events;
        this.clock = clock;
    }

    record ProductChanges(@Nullable String name, @Nullable String description, @Nullable Boolean active,
            @Nullable Map<String, String> metadata) {
    }

    @Transactional
    Product create(Tenant tenant, ProductChanges changes) {
        if (changes.name() == null || changes.name().isBlank()) {
            throw InvalidRequestException.missingParam("name");
        }
        Instant now = clock.instant();
        Product product = new Product(Ids.newId("prod"), tenant.accountId(), tenant.livemode(), name(changes.name()),
                description(changes.description()), changes.active() == null || changes.active(),
                Metadata.validate(changes.metadata()), now, now);
        products.save(product);
        events.record(tenant, "product.created", product.id(), ProductController.ProductView.of(product));
        return product;
    }

    Product retrieve(Tenant tenant, String id) {
        return products.find(tenant, id).orElseThrow(() -> notFound(id, "id"));
    }

    /** Fields given are set; a description of "" clears it; metadata merges. */
    @Transactional
    Product update(Tenant tenant, String id, ProductChanges changes) {
        Product current = products.findForUpdate(tenant, id).orElseThrow(() -> notFound(id, "id"));
        if (changes.name() != null && changes.name().isBlank()) {
            throw InvalidRequestException.invalidParam("name", "name cannot be empty.");
        }
        Product updated = new Product(current.id(), current.accountId(), current.livemode(),
                changes.name() == null ? current.name() : name(changes.name()),
                changes.description() == null ? current.description() : description(changes.description()),
                changes.active() == null ? current.active() : changes.active(),
                Metadata.merge(current.metadata(), changes.metadata()), current.created(), clock.instant());
        products.save(updated);
        events.record(tenant, "product.updated", updated.id(), ProductController.ProductView.of(updated));
        return updated;
    }

    /** Only a product without prices can be deleted (archive it otherwise: {@code active: false}). */
    @Transactional
    void delete(Tenant tenant, String id) {
        Product product = products.findForUpdate(tenant, id).orElseThrow(() -> notFound(id, "id"));
        if (prices.anyFor(product.id())) {
            throw new ConflictException("product_has_prices",
                    "This product has prices and cannot be deleted; archive it with active: false instead.", null);
        }
        products.delete(tenant, id, clock.instant());
        events.record(tenant, "product.deleted", id, ProductController.ProductView.of(product));
    }

    ListPage<Product> list(Tenant tenant, ListParams params, @Nullable Boolean active) {
        return ListPage.of(products.list(tenant, params, active), params, "/v1/products");
    }

    static ResourceNotFoundException notFound(String id, String param) {
        return new ResourceNotFoundException("product", id, param);
    }

    private static String name(String name) {
        if (name.length() > 256) {
            throw InvalidRequestException.invalidParam("name", "name can be at most 256 characters long.");
        }
        return name;
    }

    private static @Nullable String description(@Nullable String description) {
        if (description == null || description.isEmpty()) {
            return null;
        }
        if (description.length() > 2000) {
            throw InvalidRequestException.invalidParam("description", "description can be at most 2000 characters long.");
        }
        return description;
    }
}
