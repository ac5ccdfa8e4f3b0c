package dev.settle.catalog.internal;

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

import dev.settle.shared.InvalidRequestException;
import dev.settle.shared.ListPage;
import dev.settle.shared.ListParams;
import dev.settle.shared.Metadata;
import dev.settle.tenancy.Tenant;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/v1/products")
@Tag(name = "Products")
class ProductController {

    private final ProductService products;

    ProductController(ProductService products) {
        this.products = products;
    }

    record ProductRequest(@Nullable String name, @Nullable String description, @Nullable Boolean active,
            @Nullable Map<String, String> metadata) {

        ProductService.ProductChanges changes() {
            return new ProductService.ProductChanges(name, description, active, metadata);
        }
    }

    record ProductView(String id, String object, boolean livemode, String name, @Nullable String description, boolean active,
            Map<String, String> metadata, long created, long updated) {

        static ProductView of(Product product) {
            return new ProductView(product.id(), "product", product.livemode(), product.name(), product.description(),
                    product.active(), Metadata.sorted(product.metadata()), product.created().getEpochSecond(),
                    product.updated().getEpochSecond());
        }
    }

    record DeletedView(String id, String object, boolean deleted) {
    }

    @PostMapping
    @Operation(operationId = "createProduct", summary = "Create a product", description = "name is required; active defaults to true.")
    ProductView create(Tenant tenant, @RequestBody(required = false) @Nullable ProductRequest request) {
        ProductRequest body = request == null ? new ProductRequest(null, null, null, null) : request;
        return ProductView.of(products.create(tenant, body.changes()));
    }

    @GetMapping("/{id}")
    @Operation(operationId = "retrieveProduct", summary = "Retrieve a product")
    ProductView retrieve(Tenant tenant, @PathVariable String id) {
        return ProductView.of(products.retrieve(tenant, id));
    }

    @PostMapping("/{id}")
    @Operation(operationId = "updateProduct", summary = "Update a product", description = "Fields given are set; metadata keys merge, an empty value removes a key. active: false archives it.")
    ProductView update(Tenant tenant, @PathVariable String id, @RequestBody ProductRequest request) {
        return ProductView.of(products.update(tenant, id, request.changes()));
    }

    @DeleteMapping("/{id}")
    @Operation(operationId = "deleteProduct", summary = "Delete a product", description = "Only a product with no prices; archive the others.")
    DeletedView delete(Tenant tenant, @PathVariable String id) {
        products.delete(tenant, id);
        return new DeletedView(id, "product", true);
    }

    @GetMapping
    @Operation(operationId = "listProducts", summary = "List products", description = "Newest first; optional active=true|false.")
    ListPage<ProductView> list(Tenant tenant,
            @RequestParam(required = false) @Nullable String limit,
            @RequestParam(name = "starting_after", required = false) @Nullable String startingAfter,
            @RequestParam(name = "ending_before", required = false) @Nullable String endingBefore,
            @RequestParam(required = false) @Nullable String active) {
        return products.list(tenant, ListParams.parse(limit, startingAfter, endingBefore), bool("active", active)).map(ProductView::of);
    }

    static @Nullable Boolean bool(String param, @Nullable String value) {
        if (value == null) {
            return null;
        }
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw InvalidRequestException.invalidParam(param, param + " must be true or false.");
        };
    }
}
