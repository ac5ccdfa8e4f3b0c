package dev.settle.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.zaxxer.hikari.HikariDataSource;

import dev.settle.support.SettleTest;

/**
 * Pipelined queries go in one round trip and run one after the other, each with a snapshot of
 * its own: a read queued after a lock sees what was committed while the lock was awaited.
 */
@SettleTest
class PipelineTests {

    @Autowired
    Pipeline pipeline;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PlatformTransactionManager transactionManager;

    /** The pool itself: a second session. */
    @Autowired
    HikariDataSource pool;

    private final String parents = "pipeline_parent_" + UUID.randomUUID().toString().replace("-", "");
    private final String children = "pipeline_child_" + UUID.randomUUID().toString().replace("-", "");

    @BeforeEach
    void createTables() {
        jdbc.sql("CREATE TABLE " + parents + " (id int PRIMARY KEY, note text NOT NULL)").update();
        jdbc.sql("CREATE TABLE " + children + " (id int PRIMARY KEY, parent int NOT NULL)").update();
        jdbc.sql("INSERT INTO " + parents + " VALUES (1, 'parent')").update();
        jdbc.sql("INSERT INTO " + children + " VALUES (10, 1)").update();
    }

    @AfterEach
    void dropTables() {
        jdbc.sql("DROP TABLE " + children + ", " + parents).update();
    }

    @Test
    void queriesRunInOrderAndEachGetsItsOwnRows() {
        Pipeline.Queries reads = pipeline.queries();
        Pipeline.Result<String> note = reads.add("SELECT note FROM " + parents + " WHERE id = :id", Map.of("id", 1),
                rs -> rs.next() ? rs.getString(1) : null);
        Pipeline.Result<List<Integer>> ids = reads.add("SELECT id FROM " + children + " WHERE parent = :parent ORDER BY id",
                Map.of("parent", 1), rs -> {
                    List<Integer> found = new ArrayList<>();
                    while (rs.next()) {
                        found.add(rs.getInt(1));
                    }
                    return found;
                });
        reads.run();
        assertThat(note.get()).isEqualTo("parent");
        assertThat(ids.get()).containsExactly(10);
    }

    @Test
    void aReadAfterALockSeesWhatWasCommittedWhileTheLockWasAwaited() throws Exception {
        TransactionTemplate transactions = new TransactionTemplate(transactionManager);
        try (Connection holder = pool.getConnection()) {
            holder.setAutoCommit(false);
            holder.createStatement().execute("SELECT * FROM " + parents + " WHERE id = 1 FOR UPDATE");
            CompletableFuture<List<Integer>> seen = CompletableFuture.supplyAsync(() -> transactions.execute(status -> {
                Pipeline.Queries reads = pipeline.queries();
                reads.add("SELECT id FROM " + parents + " WHERE id = :id FOR UPDATE", Map.of("id", 1), rs -> rs.next());
                Pipeline.Result<List<Integer>> ids = reads.add("SELECT id FROM " + children + " WHERE parent = :parent ORDER BY id",
                        Map.of("parent", 1), rs -> {
                            List<Integer> found = new ArrayList<>();
                            while (rs.next()) {
                                found.add(rs.getInt(1));
                            }
                            return found;
                        });
                reads.run();
                return ids.get();
            }));
            Thread.sleep(300);
            assertThat(seen).as("waits for the lock").isNotDone();
            holder.createStatement().execute("INSERT INTO " + children + " VALUES (11, 1)");
            holder.commit();
            assertThat(seen.get(10, TimeUnit.SECONDS)).containsExactly(10, 11);
        }
    }
}
