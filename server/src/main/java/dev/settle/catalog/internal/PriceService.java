package dev.settle.catalog.internal;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.settle.catalog.CatalogPrice;
import dev.settle.catalog.PriceTier;
import dev.settle.events.Events;
import dev.settle.shared.ConflictException;
import dev.settle.shared.CurrencyUnit;
import dev.settle.shared.Ids;
import dev.settle.shared.InvalidRequestException;
import dev.settle.shared.ListPage;
import dev.settle.shared.ListParams;
import dev.settle.shared.Metadata;
import dev.settle.shared.ResourceNotFoundException;
import dev.settle.tenancy.Tenant;

@Service
class PriceService {

    private final PriceRepository prices;
    private final ProductRepository products;
    private final Events events;
    private final Clock clock;

    PriceService(PriceRepository prices, ProductRepository products, Events events, Clock clock) {
        this.prices = prices;
        this.products = products;
        this.events = events;
        this.clock = clock;
    }

    record NewPrice(@Nullable String product, @Nullable String currency, @Nullable Long unitAmount,
            PriceRules.@Nullable RecurringInput recurring, @Nullable String billingScheme, @Nullable String tiersMode,
            @Nullable List<PriceRules.TierInput> tiers, @Nullable String nickname, @Nullable String lookupKey,
            @Nullable Boolean transferLookupKey, @Nullable Boolean active, @Nullable Map<String, String> metadata) {
    }

    record PriceChanges(@Nullable Boolean active, @Nullable String nickname, @Nullable String lookupKey,
            @Nullable Boolean transferLookupKey, @Nullable Map<String, String> metadata) {
    }

    @Transactional
    Price create(Tenant tenant, NewPrice request) {
        if (request.product() == null) {
            throw InvalidRequestException.missingParam("product");
        }
        products.find(tenant, request.product()).orElseThrow(() -> ProductService.notFound(request.product(), "product"));
        if (request.currency() == null) {
            throw InvalidRequestException.missingParam("currency");
        }
        CurrencyUnit currency = CurrencyUnit.of(request.currency(), "currency");
        CatalogPrice.BillingScheme scheme = PriceRules.scheme(request.billingScheme());
        Long unitAmount = null;
        CatalogPrice.TiersMode tiersMode = null;
        List<PriceTier> tiers = List.of();
        if (scheme == CatalogPrice.BillingScheme.PER_UNIT) {
            if (request.tiers() != null || request.tiersMode() != null) {
                throw InvalidRequestException.invalidParam(request.tiers() != null ? "tiers" : "tiers_mode",
                        "tiers and tiers_mode need billing_scheme tiered.");
            }
            unitAmount = PriceRules.amount("unit_amount", request.unitAmount());
        } else {
            if (request.unitAmount() != null) {
                throw InvalidRequestException.invalidParam("unit_amount", "A tiered price takes its amounts from tiers, not unit_amount.");
            }
            tiersMode = PriceRules.tiersMode(request.tiersMode());
            tiers = PriceRules.tiers(request.tiers());
        }
        CatalogPrice terms = new CatalogPrice(Ids.newId("price"), request.product(), currency,
                PriceRules.recurring(request.recurring()), scheme, unitAmount, tiersMode, tiers,
                request.active() == null || request.active());
        String lookupKey = PriceRules.text("lookup_key", request.lookupKey(), 200);
        claimLookupKey(tenant, lookupKey, request.transferLookupKey());
        Price price = new Price(terms, tenant.accountId(), tenant.livemode(), PriceRules.text("nickname", request.nickname(), 256),
                lookupKey, Metadata.validate(request.metadata()), clock.instant());
        prices.insert(price);
        events.record(tenant, "price.created", price.id(), PriceController.PriceView.of(price));
        return price;
    }

    Price retrieve(Tenant tenant, String id) {
        return prices.find(tenant, id).orElseThrow(() -> notFound(id));
    }

    @Transactional
    Price update(Tenant tenant, String id, PriceChanges changes) {
        Price current = prices.findForUpdate(tenant, id).orElseThrow(() -> notFound(id));
        String lookupKey = current.lookupKey();
        if (changes.lookupKey() != null) {
            lookupKey = PriceRules.text("lookup_key", changes.lookupKey(), 200);
            if (lookupKey != null && !lookupKey.equals(current.lookupKey())) {
                claimLookupKey(tenant, lookupKey, changes.transferLookupKey());
            }
        }
        Price updated = current.with(changes.active() == null ? current.terms().active() : changes.active(),
                changes.nickname() == null ? current.nickname() : PriceRules.text("nickname", changes.nickname(), 256),
                lookupKey, Metadata.merge(current.metadata(), changes.metadata()));
        prices.update(updated);
        events.record(tenant, "price.updated", updated.id(), PriceController.PriceView.of(updated));
        return updated;
    }

    /** A lookup key held by another price is 409, unless {@code transfer_lookup_key} moves it here. */
    private void claimLookupKey(Tenant tenant, @Nullable String lookupKey, @Nullable Boolean transfer) {
        if (lookupKey == null) {
            return;
        }
        prices.findByLookupKeyForUpdate(tenant, lookupKey).ifPresent(holder -> {
            if (!Boolean.TRUE.equals(transfer)) {
                throw new ConflictException("lookup_key_in_use", "The lookup_key '" + lookupKey + "' is used by " + holder.id()
                        + "; pass transfer_lookup_key: true to move it.", "lookup_key");
            }
            Price released = holder.with(holder.terms().active(), holder.nickname(), null, holder.metadata());
            prices.update(released);
            events.record(tenant, "price.updated", released.id(), PriceController.PriceView.of(released));
        });
    }

    ListPage<Price> list(Tenant tenant, ListParams params, PriceRepository.Filter filter) {
        return ListPage.of(prices.list(tenant, params, filter), params, "/v1/prices");
    }

    private static ResourceNotFoundException notFound(String id) {
        return new ResourceNotFoundException("price", id, "id");
    }
}
