package dev.settle.payments.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.settle.shared.Keyset;
import dev.settle.shared.ListParams;
import dev.settle.shared.ResourceNotFoundException;
import dev.settle.tenancy.Tenant;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

@Repository
class PaymentMethodRepository {

    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonMapper json;

    PaymentMethodRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    private static final String COLUMNS = """
            SELECT id, account_id, livemode, customer_id, default_for_customer, brand, last4, exp_month, exp_year,
                   fingerprint, processor, processor_token, metadata, created_at
            FROM payments_methods
            """;

    private static final String INSERT = """
            INSERT INTO payments_methods (id, account_id, livemode, customer_id, type, brand, last4, exp_month, exp_year,
                                          fingerprint, processor, processor_token, metadata, created_at)
            VALUES (:id, :account, :livemode, :customer, 'card', :brand, :last4, :expMonth, :expYear,
                    :fingerprint, :processor, :token, CAST(:metadata AS jsonb), :createdAt)
            """;

    void insert(PaymentMethod method) {
        jdbc.sql(INSERT)
                .param("id", method.id())
                .param("account", method.accountId())
                .param("livemode", method.livemode())
                .param("customer", method.customerId())
                .param("brand", method.brand())
                .param("last4", method.last4())
                .param("expMonth", method.expMonth())
                .param("expYear", method.expYear())
                .param("fingerprint", method.fingerprint())
                .param("processor", method.processor())
                .param("token", method.processorToken())
                .param("metadata", json.writeValueAsString(method.metadata()))
                .param("createdAt", Timestamp.from(method.created()))
                .update();
    }

    private static final String FIND = COLUMNS + """
            WHERE id = :id
              AND account_id = :account
              AND livemode = :livemode
            """;

    Optional<PaymentMethod> find(Tenant tenant, String id) {
        return jdbc.sql(FIND).param("id", id).param("account", tenant.accountId()).param("livemode", tenant.livemode())
                .query(this::map).optional();
    }

    PaymentMethod lock(Tenant tenant, String id, String param) {
        return jdbc.sql(FIND + "FOR UPDATE\n").param("id", id).param("account", tenant.accountId())
                .param("livemode", tenant.livemode()).query(this::map).optional()
                .orElseThrow(() -> new ResourceNotFoundException("payment_method", id, param));
    }

    private static final String SET_CUSTOMER = """
            UPDATE payments_methods
            SET customer_id = :customer,
                default_for_customer = false
            WHERE id = :id
            """;

    void setCustomer(String id, @Nullable String customer) {
        jdbc.sql(SET_CUSTOMER).param("id", id).param("customer", customer).update();
    }

    private static final String CLEAR_DEFAULT = """
            UPDATE payments_methods
            SET default_for_customer = false
            WHERE customer_id = :customer
              AND default_for_customer
            """;

    private static final String MAKE_DEFAULT = """
            UPDATE payments_methods
            SET default_for_customer = true
            WHERE id = :id
            """;

    void makeDefault(String customer, String id) {
        jdbc.sql(CLEAR_DEFAULT).param("customer", customer).update();
        jdbc.sql(MAKE_DEFAULT).param("id", id).update();
    }

    private static final String DEFAULT_FOR = COLUMNS + """
            WHERE account_id = :account
              AND livemode = :livemode
              AND customer_id = :customer
              AND default_for_customer
            """;

    Optional<PaymentMethod> defaultFor(Tenant tenant, String customer) {
        return jdbc.sql(DEFAULT_FOR).param("account", tenant.accountId()).param("livemode", tenant.livemode())
                .param("customer", customer).query(this::map).optional();
    }

    private static final String LIST_FOR_CUSTOMER = COLUMNS + """
            WHERE account_id = :account
              AND livemode = :livemode
              AND customer_id = :customer
            """ + Keyset.PAGE;

    List<PaymentMethod> listForCustomer(Tenant tenant, String customer, ListParams params) {
        return Keyset.bind(jdbc.sql(LIST_FOR_CUSTOMER)
                .param("account", tenant.accountId())
                .param("livemode", tenant.livemode())
                .param("customer", customer),
                params, "payment_method", id -> find(tenant, id).filter(method -> customer.equals(method.customerId())).map(PaymentMethod::created))
                .query(this::map)
                .list();
    }

    private PaymentMethod map(ResultSet rs, int row) throws SQLException {
        return new PaymentMethod(
                rs.getString("id"),
                rs.getString("account_id"),
                rs.getBoolean("livemode"),
                rs.getString("customer_id"),
                rs.getBoolean("default_for_customer"),
                rs.getString("brand"),
                rs.getString("last4"),
                rs.getInt("exp_month"),
                rs.getInt("exp_year"),
                rs.getString("fingerprint"),
                rs.getString("processor"),
                rs.getString("processor_token"),
                json.readValue(rs.getString("metadata"), STRING_MAP),
                rs.getTimestamp("created_at").toInstant());
    }
}
