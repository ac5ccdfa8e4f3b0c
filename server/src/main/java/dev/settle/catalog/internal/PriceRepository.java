package dev.settle.catalog.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.settle.catalog.CatalogPrice;
import dev.settle.catalog.PriceTier;
import dev.settle.catalog.Recurring;
import dev.settle.shared.CurrencyUnit;
import dev.settle.shared.Keyset;
import dev.settle.shared.ListParams;
import dev.settle.tenancy.Tenant;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The {@code catalog_prices} table, every query scoped to one tenant. */
@Repository
public class PriceRepository {

    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
    };
    private static final TypeReference<List<PriceTier>> TIERS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonMapper json;

    PriceRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    private static final String INSERT = """
            INSERT INTO catalog_prices (id, account_id, livemode, product_id, currency, type, recur_interval, interval_count,
                                        billing_scheme, unit_amount, tiers_mode, tiers, nickname, lookup_key, active,
                                        metadata, created_at)
            VALUES (:id, :account, :livemode, :product, :currency, :type, :interval, :intervalCount,
                    :scheme, :unitAmount, :tiersMode, CAST(:tiers AS jsonb), :nickname, :lookupKey, :active,
                    CAST(:metadata AS jsonb), :created)
            """;

    void insert(Price price) {
        CatalogPrice terms = price.terms();
        Recurring recurring = terms.recurring();
        jdbc.sql(INSERT)
                .param("id", price.id())
                .param("account", price.accountId())
                .param("livemode", price.livemode())
                .param("product", terms.productId())
                .param("currency", terms.currency().code())
                .param("type", recurring == null ? "one_time" : "recurring")
                .param("interval", recurring == null ? null : recurring.interval().code())
                .param("intervalCount", recurring == null ? null : recurring.intervalCount())
                .param("scheme", terms.billingScheme().name().toLowerCase(java.util.Locale.ROOT))
                .param("unitAmount", terms.unitAmount())
                .param("tiersMode", terms.tiersMode() == null ? null : terms.tiersMode().name().toLowerCase(java.util.Locale.ROOT))
                .param("tiers", terms.billingScheme() == CatalogPrice.BillingScheme.TIERED ? json.writeValueAsString(terms.tiers()) : null)
                .param("nickname", price.nickname())
                .param("lookupKey", price.lookupKey())
                .param("active", terms.active())
                .param("metadata", json.writeValueAsString(price.metadata()))
                .param("created", Timestamp.from(price.created()))
                .update();
    }

    private static final String UPDATE = """
            UPDATE catalog_prices
            SET active = :active, nickname = :nickname, lookup_key = :lookupKey, metadata = CAST(:metadata AS jsonb)
            WHERE id = :id
            """;

    /** Only what may change; the terms never do. */
    void update(Price price) {
        jdbc.sql(UPDATE)
                .param("id", price.id())
                .param("active", price.terms().active())
                .param("nickname", price.nickname())
                .param("lookupKey", price.lookupKey())
                .param("metadata", json.writeValueAsString(price.metadata()))
                .update();
    }

    private static final String COLUMNS = """
            SELECT id, account_id, livemode, product_id, currency, type, recur_interval, interval_count, billing_scheme,
                   unit_amount, tiers_mode, tiers, nickname, lookup_key, active, metadata, created_at
            FROM catalog_prices
            WHERE account_id = :account AND livemode = :livemode
            """;

    public Optional<Price> find(Tenant tenant, String id) {
        return scoped(COLUMNS + " AND id = :id", tenant).param("id", id).query(this::map).optional();
    }

    Optional<Price> findForUpdate(Tenant tenant, String id) {
        return scoped(COLUMNS + " AND id = :id FOR UPDATE", tenant).param("id", id).query(this::map).optional();
    }

    Optional<Price> findByLookupKeyForUpdate(Tenant tenant, String lookupKey) {
        return scoped(COLUMNS + " AND lookup_key = :key FOR UPDATE", tenant).param("key", lookupKey).query(this::map).optional();
    }

    boolean anyFor(String productId) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM catalog_prices WHERE product_id = :product)")
                .param("product", productId).query(Boolean.class).single();
    }

    record Filter(@Nullable String product, @Nullable Boolean active, @Nullable String type, @Nullable List<String> lookupKeys) {
    }

    private static final String LIST = COLUMNS + """
              AND (CAST(:product AS text) IS NULL OR product_id = CAST(:product AS text))
              AND (CAST(:active AS boolean) IS NULL OR active = CAST(:active AS boolean))
              AND (CAST(:type AS text) IS NULL OR type = CAST(:type AS text))
              AND (NOT :byKeys OR lookup_key = ANY (CAST(:keys AS text[])))
            """ + Keyset.PAGE;

    List<Price> list(Tenant tenant, ListParams params, Filter filter) {
        List<String> keys = filter.lookupKeys() == null ? List.of() : filter.lookupKeys();
        return Keyset.bind(scoped(LIST, tenant)
                .param("product", filter.product())
                .param("active", filter.active())
                .param("type", filter.type())
                .param("byKeys", filter.lookupKeys() != null)
                .param("keys", keys.toArray(String[]::new)),
                params, "price", id -> find(tenant, id).map(Price::created))
                .query(this::map).list();
    }

    private JdbcClient.StatementSpec scoped(String sql, Tenant tenant) {
        return jdbc.sql(sql).param("account", tenant.accountId()).param("livemode", tenant.livemode());
    }

    private Price map(ResultSet rs, int row) throws SQLException {
        String interval = rs.getString("recur_interval");
        String tiersMode = rs.getString("tiers_mode");
        String tiers = rs.getString("tiers");
        Long unitAmount = rs.getObject("unit_amount", Long.class);
        CatalogPrice terms = new CatalogPrice(rs.getString("id"), rs.getString("product_id"), CurrencyUnit.of(rs.getString("currency")),
                interval == null ? null : new Recurring(Recurring.Interval.of(interval), rs.getInt("interval_count")),
                CatalogPrice.BillingScheme.valueOf(rs.getString("billing_scheme").toUpperCase(java.util.Locale.ROOT)),
                unitAmount,
                tiersMode == null ? null : CatalogPrice.TiersMode.valueOf(tiersMode.toUpperCase(java.util.Locale.ROOT)),
                tiers == null ? List.of() : json.readValue(tiers, TIERS),
                rs.getBoolean("active"));
        return new Price(terms, rs.getString("account_id"), rs.getBoolean("livemode"), rs.getString("nickname"),
                rs.getString("lookup_key"), json.readValue(rs.getString("metadata"), STRING_MAP),
                rs.getTimestamp("created_at").toInstant());
    }
}
