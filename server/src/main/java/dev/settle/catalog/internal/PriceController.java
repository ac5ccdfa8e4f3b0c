package dev.settle.catalog.internal;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.settle.catalog.CatalogPrice;
import dev.settle.catalog.PriceTier;
import dev.settle.catalog.Recurring;
import dev.settle.shared.InvalidRequestException;
import dev.settle.shared.ListPage;
import dev.settle.shared.ListParams;
import dev.settle.shared.Metadata;
import dev.settle.tenancy.Tenant;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/v1/prices")
@Tag(name = "Prices")
class PriceController {

    private final PriceService prices;

    PriceController(PriceService prices) {
        this.prices = prices;
    }

    record RecurringView(String interval, int intervalCount) {
    }

    /** {@code up_to} is a number, or null for the last tier (Stripe's {@code "inf"}). */
    record TierView(@Nullable Long upTo, long unitAmount, long flatAmount) {
    }

    record PriceView(String id, String object, boolean livemode, String product, String currency, String type,
            @Nullable RecurringView recurring, String billingScheme, @Nullable Long unitAmount, @Nullable String tiersMode,
            @Nullable List<TierView> tiers, @Nullable String nickname, @Nullable String lookupKey, boolean active,
            Map<String, String> metadata, long created) {

        static PriceView of(Price price) {
            CatalogPrice t = price.terms();
            Recurring r = t.recurring();
            return new PriceView(t.id(), "price", price.livemode(), t.productId(), t.currency().code(),
                    r == null ? "one_time" : "recurring", r == null ? null : new RecurringView(r.interval().code(), r.intervalCount()),
                    t.billingScheme().name().toLowerCase(java.util.Locale.ROOT), t.unitAmount(),
                    t.tiersMode() == null ? null : t.tiersMode().name().toLowerCase(java.util.Locale.ROOT),
                    t.tiersMode() == null ? null : t.tiers().stream().map(PriceController::tier).toList(),
                    price.nickname(), price.lookupKey(), t.active(), Metadata.sorted(price.metadata()), price.created().getEpochSecond());
        }
    }

    private static TierView tier(PriceTier tier) {
        return new TierView(tier.upTo(), tier.unitAmount(), tier.flatAmount());
    }

    @PostMapping
    @Operation(operationId = "createPrice", summary = "Create a price", description = "product and currency are required; unit_amount for billing_scheme per_unit (the default), tiers_mode and tiers (up_to ascending, the last \"inf\") for tiered; recurring {interval, interval_count} makes it recurring. Its amounts never change afterwards.")
    PriceView create(Tenant tenant, @RequestBody(required = false) PriceService.@Nullable NewPrice request) {
        return PriceView.of(prices.create(tenant, request == null
                ? new PriceService.NewPrice(null, null, null, null, null, null, null, null, null, null, null, null) : request));
    }

    @GetMapping("/{id}")
    @Operation(operationId = "retrievePrice", summary = "Retrieve a price")
    PriceView retrieve(Tenant tenant, @PathVariable String id) {
        return PriceView.of(prices.retrieve(tenant, id));
    }

    @PostMapping("/{id}")
    @Operation(operationId = "updatePrice", summary = "Update a price", description = "Only active, nickname, lookup_key (with transfer_lookup_key) and metadata; amounts never change. An archived price (active: false) keeps serving the subscriptions that use it.")
    PriceView update(Tenant tenant, @PathVariable String id, @RequestBody PriceService.PriceChanges request) {
        return PriceView.of(prices.update(tenant, id, request));
    }

    @GetMapping
    @Operation(operationId = "listPrices", summary = "List prices", description = "Newest first; optional product, active, type (one_time|recurring), lookup_keys (repeat the parameter).")
    ListPage<PriceView> list(Tenant tenant,
            @RequestParam(required = false) @Nullable String limit,
            @RequestParam(name = "starting_after", required = false) @Nullable String startingAfter,
            @RequestParam(name = "ending_before", required = false) @Nullable String endingBefore,
            @RequestParam(required = false) @Nullable String product,
            @RequestParam(required = false) @Nullable String active,
            @RequestParam(required = false) @Nullable String type,
            @RequestParam(name = "lookup_keys", required = false) @Nullable List<String> lookupKeys) {
        if (type != null && !type.equals("one_time") && !type.equals("recurring")) {
            throw InvalidRequestException.invalidParam("type", "type must be one_time or recurring.");
        }
        return prices.list(tenant, ListParams.parse(limit, startingAfter, endingBefore),
                new PriceRepository.Filter(product, ProductController.bool("active", active), type, lookupKeys)).map(PriceView::of);
    }
}
