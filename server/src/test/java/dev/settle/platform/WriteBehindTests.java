package dev.settle.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import com.zaxxer.hikari.HikariDataSource;

import dev.settle.support.SettleTest;

/**
 * Deferred writes run in order, in their transaction, and only with it: sent before anything
 * else on the connection and with the commit; dropped by a rollback; a failing one fails the
 * commit and takes the whole transaction with it.
 */
@SettleTest
class WriteBehindTests {

    @Autowired
    WriteBehind writes;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PlatformTransactionManager transactionManager;

    /** The pool itself, beneath the deferring data source: a second session's view. */
    @Autowired
    HikariDataSource pool;

    private final String table = "write_behind_" + UUID.randomUUID().toString().replace("-", "");
    private TransactionTemplate transactions;

    @BeforeEach
    void createTable() {
        jdbc.sql("CREATE TABLE " + table + " (id int PRIMARY KEY, note text NOT NULL)").update();
        transactions = new TransactionTemplate(transactionManager);
    }

    @AfterEach
    void dropTable() {
        jdbc.sql("DROP TABLE " + table).update();
    }

    private void deferInsert(int id, String note) {
        writes.sql("INSERT INTO " + table + " (id, note) VALUES (:id, :note)").param("id", id).param("note", note).defer();
    }

    private List<String> committedNotes() {
        return JdbcClient.create(pool).sql("SELECT note FROM " + table + " ORDER BY id").query(String.class).list();
    }

    @Test
    void deferredWritesAreSentInOrderAndCommitWithTheTransaction() {
        transactions.executeWithoutResult(status -> {
            deferInsert(1, "first");
            writes.sql("UPDATE " + table + " SET note = :note WHERE id = :id").param("id", 1).param("note", "updated").defer();
            deferInsert(2, "second");
            assertThat(committedNotes()).isEmpty();
        });
        assertThat(committedNotes()).containsExactly("updated", "second");
    }

    /** 40,000 rows of two parameters: more than the 65,535 one PostgreSQL query may carry, committed (or refused) together. */
    @Test
    void aTransactionDeferringMoreParametersThanOneQueryTakesCommitsThemAll() {
        transactions.executeWithoutResult(status -> {
            for (int i = 1; i <= 40_000; i++) {
                deferInsert(i, "n" + i);
            }
        });
        assertThat(committedNotes()).hasSize(40_000).startsWith("n1").endsWith("n40000");
        // A statement of the last part fails: the parts sent before it are rolled back with it.
        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
            for (int i = 40_001; i <= 80_000; i++) {
                deferInsert(i, "n" + i);
            }
            deferInsert(1, "a duplicate key in the last part");
        })).hasMessageContaining("duplicate key");
        assertThat(committedNotes()).hasSize(40_000);
    }

    @Test
    void nothingIsSentUntilTheCommitOrTheNextStatement() {
        jdbc.sql("INSERT INTO " + table + " (id, note) VALUES (1, 'existing')").update();
        JdbcClient otherSession = JdbcClient.create(pool);
        String lockNow = "SELECT note FROM " + table + " WHERE id = 1 FOR UPDATE NOWAIT";
        transactions.executeWithoutResult(status -> {
            writes.sql("UPDATE " + table + " SET note = 'changed' WHERE id = 1").defer();
            // Had the update been sent, it would hold the row's lock and NOWAIT would fail.
            assertThat(otherSession.sql(lockNow).query(String.class).single()).isEqualTo("existing");
            jdbc.sql("SELECT 1").query(Integer.class).single();
            assertThatThrownBy(() -> otherSession.sql(lockNow).query(String.class).single())
                    .hasMessageContaining("could not obtain lock");
        });
        assertThat(committedNotes()).containsExactly("changed");
    }

    @Test
    void aQueryInTheSameTransactionSeesWhatWasDeferredBeforeIt() {
        transactions.executeWithoutResult(status -> {
            deferInsert(1, "first");
            assertThat(jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single()).isEqualTo(1);
            deferInsert(2, "second");
            assertThat(jdbc.sql("SELECT note FROM " + table + " WHERE id = 2").query(String.class).single()).isEqualTo("second");
        });
        assertThat(committedNotes()).containsExactly("first", "second");
    }

    @Test
    void aRollbackDropsTheDeferredWritesAndTheConnectionStartsCleanAfterIt() {
        transactions.executeWithoutResult(status -> {
            deferInsert(1, "rolled back");
            status.setRollbackOnly();
        });
        transactions.executeWithoutResult(status -> deferInsert(2, "kept"));
        assertThat(committedNotes()).containsExactly("kept");
    }

    @Test
    void aFailingDeferredWriteFailsTheCommitAndNothingOfTheTransactionIsWritten() {
        jdbc.sql("INSERT INTO " + table + " (id, note) VALUES (7, 'existing')").update();
        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
            jdbc.sql("INSERT INTO " + table + " (id, note) VALUES (1, 'written at once')").update();
            deferInsert(2, "deferred");
            deferInsert(7, "duplicate: fails only when sent");
        })).isInstanceOf(DuplicateKeyException.class);
        assertThat(committedNotes()).containsExactly("existing");
        transactions.executeWithoutResult(status -> deferInsert(3, "after the failure"));
        assertThat(committedNotes()).containsExactly("after the failure", "existing");
    }

    @Test
    void aNestedTransactionRolledBackToItsSavepointDropsOnlyItsOwnDeferredWrites() {
        TransactionTemplate nested = new TransactionTemplate(transactionManager);
        nested.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        transactions.executeWithoutResult(status -> {
            deferInsert(1, "outer");
            nested.executeWithoutResult(inner -> {
                deferInsert(2, "inner, rolled back");
                inner.setRollbackOnly();
            });
            deferInsert(3, "outer again");
        });
        assertThat(committedNotes()).containsExactly("outer", "outer again");
    }

    @Test
    void aDeferredWriteIsRefusedOutsideATransaction() {
        assertThatThrownBy(() -> deferInsert(1, "no transaction")).isInstanceOf(IllegalStateException.class);
        assertThat(committedNotes()).isEmpty();
    }

    @Test
    void aWriteExpectingRowsFailsTheCommitWhenAnotherNumberChanged() {
        jdbc.sql("INSERT INTO " + table + " (id, note) VALUES (1, 'v1')").update();
        transactions.executeWithoutResult(status -> writes.sql("UPDATE " + table + " SET note = 'v2' WHERE id = 1 AND note = 'v1'")
                .expectRows(1, "row 1 at v1").defer());
        assertThat(committedNotes()).containsExactly("v2");

        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
            deferInsert(2, "second");
            writes.sql("UPDATE " + table + " SET note = 'v3' WHERE id = 1 AND note = 'v1'").expectRows(1, "row 1 at v1").defer();
        })).isInstanceOf(ConcurrencyFailureException.class).hasMessageContaining("row 1 at v1: expected 1 row(s) to change, 0 did");
        assertThat(committedNotes()).as("nothing of that transaction").containsExactly("v2");
    }
}
