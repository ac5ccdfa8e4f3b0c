package dev.settle.catalog;

import org.springframework.stereotype.Service;

import dev.settle.catalog.internal.PriceRepository;
import dev.settle.shared.ResourceNotFoundException;
import dev.settle.tenancy.Tenant;

/** What other modules may ask of the catalog. */
@Service
public class Catalog {

    private final PriceRepository prices;

    Catalog(PriceRepository prices) {
        this.prices = prices;
    }

    /**
     * The tenant's price, archived or not (archived prices keep serving what already uses them):
     * 404 naming {@code param} for an unknown id or another account's.
     */
    public CatalogPrice price(Tenant tenant, String id, String param) {
        return prices.find(tenant, id).map(price -> price.terms())
                .orElseThrow(() -> new ResourceNotFoundException("price", id, param));
    }
}
