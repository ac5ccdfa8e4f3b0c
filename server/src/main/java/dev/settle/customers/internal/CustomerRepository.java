package dev.settle.customers.internal;

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

/** The {@code customers} table. Every query is scoped to one tenant (account and mode). */
@Repository
public class CustomerRepository {

    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonMapper json;

    CustomerRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    private static final String INSERT = """
            INSERT INTO customers (id, account_id, livemode, email, name, phone, description, metadata, test_clock_id, created_at)
            VALUES (:id, :account, :livemode, :email, :name, :phone, :description, CAST(:metadata AS jsonb), :testClock, :createdAt)
            """;

    void insert(Customer customer) {
        jdbc.sql(INSERT)
                .param("id", customer.id())
                .param("account", customer.accountId())
                .param("livemode", customer.livemode())
                .param("email", customer.email())
                .param("name", customer.name())
                .param("phone", customer.phone())
                .param("description", customer.description())
                .param("metadata", json.writeValueAsString(customer.metadata()))
                .param("testClock", customer.testClock())
                .param("createdAt", Timestamp.from(customer.created()))
                .update();
    }

    private static final String UPDATE = """
            UPDATE customers
            SET email = :email,
                name = :name,
                phone = :phone,
                description = :description,
                metadata = CAST(:metadata AS jsonb)
            WHERE id = :id
              AND account_id = :account
              AND livemode = :livemode
              AND deleted_at IS NULL
            """;

    void update(Customer customer) {
        jdbc.sql(UPDATE)
                .param("id", customer.id())
                .param("account", customer.accountId())
                .param("livemode", customer.livemode())
                .param("email", customer.email())
                .param("name", customer.name())
                .param("phone", customer.phone())
                .param("description", customer.description())
                .param("metadata", json.writeValueAsString(customer.metadata()))
                .update();
    }

    private static final String FIND = """
            SELECT id, account_id, livemode, email, name, phone, description, metadata, test_clock_id, created_at
            FROM customers
            WHERE id = :id
              AND account_id = :account
              AND livemode = :livemode
              AND deleted_at IS NULL
            """;

    public Optional<Customer> find(Tenant tenant, String id) {
        return jdbc.sql(FIND)
                .param("id", id)
                .param("account", tenant.accountId())
                .param("livemode", tenant.livemode())
                .query(this::map)
                .optional();
    }

    private static final String FIND_FOR_UPDATE = FIND + "FOR UPDATE\n";

    Optional<Customer> findForUpdate(Tenant tenant, String id) {
        return jdbc.sql(FIND_FOR_UPDATE)
                .param("id", id)
                .param("account", tenant.accountId())
                .param("livemode", tenant.livemode())
                .query(this::map)
                .optional();
    }

    List<Customer> onTestClock(Tenant tenant, String testClock) {
        return jdbc.sql("""
                SELECT id, account_id, livemode, email, name, phone, description, metadata, test_clock_id, created_at
                FROM customers
                WHERE account_id = :account AND livemode = :livemode AND test_clock_id = :clock AND deleted_at IS NULL
                FOR UPDATE
                """).param("account", tenant.accountId()).param("livemode", tenant.livemode()).param("clock", testClock)
                .query(this::map).list();
    }

    private static final String DELETE = """
            UPDATE customers
            SET deleted_at = :now
            WHERE id = :id
              AND account_id = :account
              AND livemode = :livemode
              AND deleted_at IS NULL
            """;

    /** Soft delete: payments that name the customer keep their history. */
    boolean delete(Tenant tenant, String id, Instant now) {
        return jdbc.sql(DELETE)
                .param("id", id)
                .param("account", tenant.accountId())
                .param("livemode", tenant.livemode())
                .param("now", Timestamp.from(now))
                .update() == 1;
    }

    private static final String LIST = """
            SELECT id, account_id, livemode, email, name, phone, description, metadata, test_clock_id, created_at
            FROM customers
            WHERE account_id = :account
              AND livemode = :livemode
              AND deleted_at IS NULL
              AND (CAST(:email AS text) IS NULL OR lower(email) = lower(CAST(:email AS text)))
            """ + Keyset.PAGE;

    /** One page (plus one row to tell {@code has_more}), newest first, keyset-paged by (created, id). */
    List<Customer> list(Tenant tenant, ListParams params, @Nullable String email) {
        return Keyset.bind(jdbc.sql(LIST)
                .param("account", tenant.accountId())
                .param("livemode", tenant.livemode())
                .param("email", email),
                params, "customer", id -> find(tenant, id).map(Customer::created))
                .query(this::map)
                .list();
    }

    private Customer map(ResultSet rs, int row) throws SQLException {
        return new Customer(
                rs.getString("id"),
                rs.getString("account_id"),
                rs.getBoolean("livemode"),
                rs.getString("email"),
                rs.getString("name"),
                rs.getString("phone"),
                rs.getString("description"),
                json.readValue(rs.getString("metadata"), STRING_MAP),
                rs.getString("test_clock_id"),
                rs.getTimestamp("created_at").toInstant());
    }
}
