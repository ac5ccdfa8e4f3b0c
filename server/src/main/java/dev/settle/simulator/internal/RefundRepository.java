package dev.settle.simulator.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.settle.shared.CurrencyUnit;

/** The {@code simulator.refunds} table. */
final class RefundRepository {

    private final JdbcClient jdbc;

    RefundRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static final String INSERT = """
            INSERT INTO simulator.refunds (id, charge_id, amount, currency, status, failure_code, idempotency_key, created_at)
            VALUES (:id, :chargeId, :amount, :currency, :status, :failureCode, :idempotencyKey, :createdAt)
            """;

    void insert(Refund refund) {
        jdbc.sql(INSERT)
                .param("id", refund.id())
                .param("chargeId", refund.chargeId())
                .param("amount", refund.amount())
                .param("currency", refund.currency().code())
                .param("status", refund.status().wire())
                .param("failureCode", refund.failureCode())
                .param("idempotencyKey", refund.idempotencyKey())
                .param("createdAt", Timestamp.from(refund.created()))
                .update();
    }

    private static final String FINISH = """
            UPDATE simulator.refunds
            SET status = :status,
                failure_code = :failureCode
            WHERE id = :id
              AND status = 'pending'
            """;

    /** Moves a pending refund to its outcome; false when it was no longer pending. */
    boolean finish(Refund refund) {
        return jdbc.sql(FINISH)
                .param("id", refund.id())
                .param("status", refund.status().wire())
                .param("failureCode", refund.failureCode())
                .update() == 1;
    }

    private static final String SELECT = """
            SELECT id, charge_id, amount, currency, status, failure_code, idempotency_key, created_at
            FROM simulator.refunds
            """;

    private static final String FIND = SELECT + """
            WHERE id = :id
            """;

    Optional<Refund> find(String id) {
        return jdbc.sql(FIND).param("id", id).query(RefundRepository::map).optional();
    }

    private static final String FIND_FOR_UPDATE = FIND + """
            FOR UPDATE
            """;

    Optional<Refund> findForUpdate(String id) {
        return jdbc.sql(FIND_FOR_UPDATE).param("id", id).query(RefundRepository::map).optional();
    }

    private static final String FIND_BY_KEY = SELECT + """
            WHERE idempotency_key = :key
            """;

    Optional<Refund> findByIdempotencyKey(String key) {
        return jdbc.sql(FIND_BY_KEY).param("key", key).query(RefundRepository::map).optional();
    }

    private static final String PENDING = """
            SELECT id
            FROM simulator.refunds
            WHERE status = 'pending'
            """;

    List<String> pending() {
        return jdbc.sql(PENDING).query(String.class).list();
    }

    private static Refund map(ResultSet rs, int row) throws SQLException {
        return new Refund(
                rs.getString("id"),
                rs.getString("charge_id"),
                rs.getLong("amount"),
                CurrencyUnit.of(rs.getString("currency")),
                Refund.Status.ofWire(rs.getString("status")),
                rs.getString("failure_code"),
                rs.getString("idempotency_key"),
                rs.getTimestamp("created_at").toInstant());
    }
}
