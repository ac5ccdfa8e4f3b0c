package dev.settle.tenancy.internal;

import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class AccountRepository {

    private final JdbcClient jdbc;

    AccountRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static final String INSERT = """
            INSERT INTO tenancy_accounts (id, name, created_at)
            VALUES (:id, :name, :createdAt)
            """;

    void insert(Account account) {
        jdbc.sql(INSERT)
                .param("id", account.id())
                .param("name", account.name())
                .param("createdAt", java.sql.Timestamp.from(account.created()))
                .update();
    }

    private static final String FIND = """
            SELECT id, name, created_at
            FROM tenancy_accounts
            WHERE id = :id
            """;

    Optional<Account> find(String id) {
        return jdbc.sql(FIND)
                .param("id", id)
                .query((rs, n) -> new Account(rs.getString("id"), rs.getString("name"), rs.getTimestamp("created_at").toInstant()))
                .optional();
    }

    private static final String FIND_FOR_UPDATE = FIND + "FOR UPDATE\n";

    Optional<Account> findForUpdate(String id) {
        return jdbc.sql(FIND_FOR_UPDATE)
                .param("id", id)
                .query((rs, n) -> new Account(rs.getString("id"), rs.getString("name"), rs.getTimestamp("created_at").toInstant()))
                .optional();
    }

    private static final String RENAME = """
            UPDATE tenancy_accounts
            SET name = :name
            WHERE id = :id
            """;

    void rename(String id, String name) {
        jdbc.sql(RENAME).param("id", id).param("name", name).update();
    }

    private static final String COUNT = """
            SELECT count(*)
            FROM tenancy_accounts
            """;

    long count() {
        return jdbc.sql(COUNT).query(Long.class).single();
    }

    public record Account(String id, String name, Instant created) {
    }
}
