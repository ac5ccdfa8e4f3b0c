package dev.settle.catalog.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.settle.shared.Keyset;
import dev.settle.shared.ListParams;
import dev.settle.tenancy.Tenant;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The {@code catalog_products} table, every query scoped to one tenant. */
@Repository
class ProductRepository {

    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ProductRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    private static final String UPSERT = """
            INSERT INTO catalog_products (id, account_id, livemode, name, description, active, metadata, created_at, updated_at)
            VALUES (:id, :account, :livemode, :name, :description, :active, CAST(:metadata AS jsonb), :created, :updated)
            ON CONFLICT (id) DO UPDATE
            SET name = EXCLUDED.name, description = EXCLUDED.description, active = EXCLUDED.active,
                metadata = EXCLUDED.metadata, updated_at = EXCLUDED.updated_at
            """;

    void save(Product product) {
        jdbc.sql(UPSERT)
                .param("id", product.id())
                .param("account", product.accountId())
                .param("livemode", product.livemode())
                .param("name", product.name())
                .param("description", product.description())
                .param("active", product.active())
                .param("metadata", json.writeValueAsString(product.metadata()))
                .param("created", Timestamp.from(product.created()))
                .param("updated", Timestamp.from(product.updated()))
                .update();
    }

    private static final String FIND = """
            SELECT id, account_id, livemode, name, description, active, metadata, created_at, updated_at
            FROM catalog_products
            WHERE id = :id AND account_id = :account AND livemode = :livemode AND deleted_at IS NULL
            """;

    Optional<Product> find(Tenant tenant, String id) {
        return jdbc.sql(FIND).param("id", id).param("account", tenant.accountId()).param("livemode", tenant.livemode())
                .query(this::map).optional();
    }

    Optional<Product> findForUpdate(Tenant tenant, String id) {
        return jdbc.sql(FIND + "FOR UPDATE\n").param("id", id).param("account", tenant.accountId())
                .param("livemode", tenant.livemode()).query(this::map).optional();
    }

    private static final String DELETE = """
            UPDATE catalog_products SET deleted_at = :now
            WHERE id = :id AND account_id = :account AND livemode = :livemode AND deleted_at IS NULL
            """;

    void delete(Tenant tenant, String id, Instant now) {
        jdbc.sql(DELETE).param("id", id).param("account", tenant.accountId()).param("livemode", tenant.livemode())
                .param("now", Timestamp.from(now)).update();
    }

    private static final String LIST = """
            SELECT id, account_id, livemode, name, description, active, metadata, created_at, updated_at
            FROM catalog_products
            WHERE account_id = :account AND livemode = :livemode AND deleted_at IS NULL
              AND (CAST(:active AS boolean) IS NULL OR active = CAST(:active AS boolean))
            """ + Keyset.PAGE;

    List<Product> list(Tenant tenant, ListParams params, @Nullable Boolean active) {
        return Keyset.bind(jdbc.sql(LIST).param("account", tenant.accountId()).param("livemode", tenant.livemode())
                .param("active", active), params, "product", id -> find(tenant, id).map(Product::created))
                .query(this::map).list();
    }

    private Product map(ResultSet rs, int row) throws SQLException {
        return new Product(rs.getString("id"), rs.getString("account_id"), rs.getBoolean("livemode"), rs.getString("name"),
                rs.getString("description"), rs.getBoolean("active"), json.readValue(rs.getString("metadata"), STRING_MAP),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
    }
}
