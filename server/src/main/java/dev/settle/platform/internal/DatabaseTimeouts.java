package dev.settle.platform.internal;

import java.sql.SQLException;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.support.SQLErrorCodeSQLExceptionTranslator;
import org.springframework.jdbc.support.SQLExceptionTranslator;
import org.springframework.stereotype.Component;

import dev.settle.platform.Background;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Every {@code JdbcClient}'s exception translator: translates as Spring does, and when
 * PostgreSQL ended a statement or a session on one of its timeouts (docs/operations.md,
 * "Database sessions") says so in a log line and in the counter
 * {@code settle.database.timeouts} (tags {@code kind}: statement, lock, idle_in_transaction;
 * {@code work}: api, background).
 */
@Component
class DatabaseTimeouts implements SQLExceptionTranslator {

    private static final Logger log = LoggerFactory.getLogger(DatabaseTimeouts.class);

    private final SQLExceptionTranslator spring;
    private final ObjectProvider<MeterRegistry> meters;

    DatabaseTimeouts(DataSource dataSource, ObjectProvider<MeterRegistry> meters) {
        this.spring = new SQLErrorCodeSQLExceptionTranslator(dataSource);
        this.meters = meters;
    }

    @Override
    public @Nullable DataAccessException translate(String task, @Nullable String sql, SQLException ex) {
        String kind = kind(ex);
        if (kind != null) {
            String work = Background.active() ? "background" : "api";
            log.warn("PostgreSQL ended {} work on its {} timeout (thread {}): {}", work, kind, Thread.currentThread().getName(),
                    ex.getMessage());
            meters.ifAvailable(registry -> registry.counter("settle.database.timeouts", "kind", kind, "work", work).increment());
        }
        return spring.translate(task, sql, ex);
    }

    /** Which timeout the error reports, or null for any other error. */
    static @Nullable String kind(SQLException ex) {
        String state = ex.getSQLState();
        if (state == null) {
            return null;
        }
        return switch (state) {
            case "57014" -> ex.getMessage() != null && ex.getMessage().contains("statement timeout") ? "statement" : null;
            case "55P03" -> ex.getMessage() != null && ex.getMessage().contains("lock timeout") ? "lock" : null;
            case "25P03" -> "idle_in_transaction";
            default -> null;
        };
    }
}
