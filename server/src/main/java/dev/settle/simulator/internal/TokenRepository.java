package dev.settle.simulator.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;

/** The {@code simulator.tokens} table. */
final class TokenRepository {

    private static final int REMEMBERED = 10_000;

    private final JdbcClient jdbc;
    /** Tokens never change once written, so recently used ones are kept rather than read per charge. */
    private final Map<String, Token> recent = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Token> eldest) {
            return size() > REMEMBERED;
        }
    });

    TokenRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static final String INSERT = """
            INSERT INTO simulator.tokens (id, scenario, brand, last4, fingerprint, exp_month, exp_year, created_at)
            VALUES (:id, :scenario, :brand, :last4, :fingerprint, :expMonth, :expYear, :createdAt)
            """;

    void insert(Token token) {
        jdbc.sql(INSERT)
                .param("id", token.id())
                .param("scenario", token.scenario().name())
                .param("brand", token.brand())
                .param("last4", token.last4())
                .param("fingerprint", token.fingerprint())
                .param("expMonth", token.expMonth())
                .param("expYear", token.expYear())
                .param("createdAt", Timestamp.from(token.created()))
                .update();
    }

    private static final String FIND = """
            SELECT id, scenario, brand, last4, fingerprint, exp_month, exp_year, created_at
            FROM simulator.tokens
            WHERE id = :id
            """;

    Optional<Token> find(String id) {
        Token known = recent.get(id);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<Token> found = jdbc.sql(FIND).param("id", id).query(TokenRepository::map).optional();
        found.ifPresent(token -> recent.put(id, token));
        return found;
    }

    private static Token map(ResultSet rs, int row) throws SQLException {
        return new Token(
                rs.getString("id"),
                Scenario.valueOf(rs.getString("scenario")),
                rs.getString("brand"),
                rs.getString("last4"),
                rs.getString("fingerprint"),
                rs.getInt("exp_month"),
                rs.getInt("exp_year"),
                rs.getTimestamp("created_at").toInstant());
    }
}
