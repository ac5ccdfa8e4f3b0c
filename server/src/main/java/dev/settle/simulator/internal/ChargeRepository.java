package dev.settle.simulator.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.settle.shared.SqlBatch;

import dev.settle.shared.CurrencyUnit;
import dev.settle.simulator.internal.Scenario.Decline;

/** The {@code simulator.charges} table. Changes are made to rows read {@code FOR UPDATE}. */
final class ChargeRepository {

    private final JdbcClient jdbc;

    ChargeRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static final String INSERT = """
            INSERT INTO simulator.charges (id, token_id, scenario, status, amount, currency, capture, amount_captured,
                                           amount_refunded, fee, failure_code, decline_code, failure_message, description,
                                           idempotency_key, created_at)
            VALUES (:id, :tokenId, :scenario, :status, :amount, :currency, :capture, :amountCaptured,
                    :amountRefunded, :fee, :failureCode, :declineCode, :failureMessage, :description,
                    :idempotencyKey, :createdAt)
            """;

    private static final String INSERT_MERCHANT = """
            INSERT INTO simulator.charge_merchants (charge_id, merchant)
            VALUES (:id, :merchant)
            """;

    /**
     * Adds the new charge's row (and its merchant's, when it has one) to {@code rows}, which its
     * caller writes together with the request's key.
     */
    SqlBatch insert(SqlBatch rows, Charge charge, @Nullable String merchant) {
        insert(rows, charge);
        return merchant == null ? rows : rows.add(INSERT_MERCHANT, Map.of("id", charge.id(), "merchant", merchant));
    }

    /** Adds the new charge's row to {@code rows}, which its caller writes together with the request's key. */
    SqlBatch insert(SqlBatch rows, Charge charge) {
        Map<String, @Nullable Object> params = new HashMap<>();
        params.put("id", charge.id());
        params.put("tokenId", charge.tokenId());
        params.put("scenario", charge.scenario().name());
        params.put("status", charge.status().wire());
        params.put("amount", charge.amount());
        params.put("currency", charge.currency().code());
        params.put("capture", charge.capture());
        params.put("amountCaptured", charge.amountCaptured());
        params.put("amountRefunded", charge.amountRefunded());
        params.put("fee", charge.fee());
        params.put("failureCode", charge.decline() == null ? null : charge.decline().failureCode());
        params.put("declineCode", charge.decline() == null ? null : charge.decline().declineCode());
        params.put("failureMessage", charge.decline() == null ? null : charge.decline().message());
        params.put("description", charge.description());
        params.put("idempotencyKey", charge.idempotencyKey());
        params.put("createdAt", Timestamp.from(charge.created()));
        return rows.add(INSERT, params);
    }

    private static final String UPDATE = """
            UPDATE simulator.charges
            SET status = :status,
                amount_captured = :amountCaptured,
                amount_refunded = :amountRefunded,
                fee = :fee,
                failure_code = :failureCode,
                decline_code = :declineCode,
                failure_message = :failureMessage
            WHERE id = :id
            """;

    /** Writes a transition of a charge the caller holds locked. */
    void update(Charge charge) {
        int rows = jdbc.sql(UPDATE)
                .param("id", charge.id())
                .param("status", charge.status().wire())
                .param("amountCaptured", charge.amountCaptured())
                .param("amountRefunded", charge.amountRefunded())
                .param("fee", charge.fee())
                .param("failureCode", charge.decline() == null ? null : charge.decline().failureCode())
                .param("declineCode", charge.decline() == null ? null : charge.decline().declineCode())
                .param("failureMessage", charge.decline() == null ? null : charge.decline().message())
                .update();
        if (rows != 1) {
            throw new IllegalStateException("Charge " + charge.id() + " vanished while being updated");
        }
    }

    private static final String SELECT = """
            SELECT id, token_id, scenario, status, amount, currency, capture, amount_captured, amount_refunded, fee,
                   failure_code, decline_code, failure_message, description, idempotency_key, created_at
            FROM simulator.charges
            """;

    private static final String FIND = SELECT + """
            WHERE id = :id
            """;

    Optional<Charge> find(String id) {
        return jdbc.sql(FIND).param("id", id).query(ChargeRepository::map).optional();
    }

    private static final String FIND_FOR_UPDATE = FIND + """
            FOR UPDATE
            """;

    Optional<Charge> findForUpdate(String id) {
        return jdbc.sql(FIND_FOR_UPDATE).param("id", id).query(ChargeRepository::map).optional();
    }

    private static final String FIND_BY_KEY = SELECT + """
            WHERE idempotency_key = :key
            """;

    Optional<Charge> findByIdempotencyKey(String key) {
        return jdbc.sql(FIND_BY_KEY).param("key", key).query(ChargeRepository::map).optional();
    }

    private static final String PROCESSING = """
            SELECT id
            FROM simulator.charges
            WHERE status = 'processing'
            """;

    /** Charges waiting for an asynchronous outcome, e.g. when the simulator stopped before it came. */
    List<String> processing() {
        return jdbc.sql(PROCESSING).query(String.class).list();
    }

    private static Charge map(ResultSet rs, int row) throws SQLException {
        String failureCode = rs.getString("failure_code");
        return new Charge(
                rs.getString("id"),
                rs.getString("token_id"),
                Scenario.valueOf(rs.getString("scenario")),
                Charge.Status.ofWire(rs.getString("status")),
                rs.getLong("amount"),
                CurrencyUnit.of(rs.getString("currency")),
                rs.getBoolean("capture"),
                rs.getLong("amount_captured"),
                rs.getLong("amount_refunded"),
                rs.getLong("fee"),
                failureCode == null ? null
                        : new Decline(failureCode, rs.getString("decline_code"), rs.getString("failure_message")),
                rs.getString("description"),
                rs.getString("idempotency_key"),
                rs.getTimestamp("created_at").toInstant());
    }
}
