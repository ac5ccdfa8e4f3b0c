package dev.settle.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import org.bson.Document;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import dev.settle.SettleApplication;
import dev.settle.support.Api;
import dev.settle.support.Payments;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import tools.jackson.databind.JsonNode;

/**
 * An installation of an earlier version — PostgreSQL at schema V23, its event archive and attempt
 * log in the embedded Mongo-compatible store under ./data/mongo — upgraded to this one keeps every
 * event: those only the old archive still had (dropped from the outbox since), those only the
 * outbox had (the old store lost its last writes), and its attempt log; ./data/mongo is set aside.
 *
 * <p>The earlier installation is made from a real one: Settle runs, takes payments and logs
 * delivery attempts; then its documents are moved, in the earlier version's document shapes, into
 * an H2 store written by mongo-java-server's own H2 engine as that version did, and the schema is
 * taken back to V23 (the V30 tables dropped and forgotten by Flyway).
 */
class LegacyStoreUpgradeTests {

    @Test
    void anUpgradeKeepsEveryEventAndTheAttemptLog() throws Exception {
        Path dataDir = Files.createTempDirectory(Path.of("target"), "upgrade-");
        String[] args = {"--server.port=0", "--settle.data-dir=" + dataDir, "--settle.tenancy.operator-token=" + Api.OPERATOR_TOKEN,
                "--settle.database.embedded-wal-reserve=0", "--settle.database.embedded-durable=false"};

        Api.Account account;
        String endpoint;
        try (ConfigurableApplicationContext earlier = SpringApplication.run(SettleApplication.class, args)) {
            Api api = apiFor(earlier);
            account = api.newAccount();
            // An endpoint nobody listens at: its deliveries fail, and each attempt is logged.
            endpoint = api.post("/v1/webhook_endpoints", account.testKey(),
                    "{\"url\":\"http://127.0.0.1:9/hooks\",\"enabled_events\":[\"*\"]}").text("id");
            for (int i = 0; i < 5; i++) {
                Payments.pay(api, account.testKey(), Payments.SUCCESS);
            }
            awaitCount(api, "/v1/events?limit=100", account, 20);
            awaitCount(api, "/v1/webhook_attempts?limit=100&endpoint=" + endpoint, account, 20);
        }

        List<Map<String, Object>> archived;
        List<Map<String, Object>> attempts;
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(dataDir.resolve("postgres"))
                .setCleanDataDirectory(false).start(); Connection db = postgres.getPostgresDatabase().getConnection()) {
            archived = rows(db, "SELECT * FROM events_archive WHERE account_id = ? ORDER BY sequence", account.id());
            attempts = rows(db, "SELECT id, account_id, livemode, endpoint_id, event_id, created, document::text FROM webhooks_attempts "
                    + "WHERE account_id = ?", account.id());
            backToTheEarlierSchema(db);
            // The outbox retention has dropped the first payment's four events: only the old archive has them.
            try (PreparedStatement purge = db.prepareStatement("DELETE FROM events_outbox WHERE account_id = ? AND sequence <= 4")) {
                purge.setString(1, account.id());
                assertThat(purge.executeUpdate()).isEqualTo(4);
            }
        }
        assertThat(archived).hasSize(20);
        assertThat(attempts).hasSizeGreaterThanOrEqualTo(20);
        // The old store lost its last two writes (they were acknowledged before they reached its disk).
        writeEarlierStore(dataDir.resolve("mongo"), archived.subList(0, 18), attempts);

        try (ConfigurableApplicationContext upgraded = SpringApplication.run(SettleApplication.class, upgrading(args))) {
            Api api = apiFor(upgraded);
            List<JsonNode> events = awaitCount(api, "/v1/events?limit=100", account, 20);

            assertThat(events.stream().map(event -> event.path("sequence").asLong()).toList())
                    .as("every event, newest first, no gap").isEqualTo(LongStream.iterate(20, s -> s - 1).limit(20).boxed().toList());
            for (Map<String, Object> row : archived) {
                Api.Response one = api.get("/v1/events/" + row.get("event_id"), account.testKey());
                assertThat(one.status()).isEqualTo(200);
                assertThat(one.body()).as("the event exactly as before").isEqualTo(row.get("payload").toString());
            }
            List<JsonNode> logged = awaitCount(api, "/v1/webhook_attempts?limit=100&endpoint=" + endpoint, account, attempts.size());
            assertThat(logged.stream().map(attempt -> attempt.path("id").asString()))
                    .containsAll(attempts.stream().map(row -> (String) row.get("id")).toList());
            assertThat(dataDir.resolve("mongo")).doesNotExist();
            try (var siblings = Files.list(dataDir)) {
                assertThat(siblings.map(path -> path.getFileName().toString())).anyMatch(name -> name.startsWith("mongo.imported-"));
            }

            Payments.pay(api, account.testKey(), Payments.SUCCESS);
            List<JsonNode> after = awaitCount(api, "/v1/events?limit=100", account, 24);
            assertThat(after.getFirst().path("sequence").asLong()).as("the sequence goes on from where it was").isEqualTo(24);
        }
    }

    /**
     * A store file that cannot be read at all (a crash left it damaged, say) does not stop the
     * start: it is set aside, and the archive is filled from the outbox, which keeps as many days
     * of events as the archive does.
     */
    @Test
    void anUnreadableStoreIsSetAsideAndTheArchiveFilledFromTheOutbox() throws Exception {
        Path dataDir = Files.createTempDirectory(Path.of("target"), "upgrade-");
        String[] args = {"--server.port=0", "--settle.data-dir=" + dataDir, "--settle.tenancy.operator-token=" + Api.OPERATOR_TOKEN,
                "--settle.database.embedded-wal-reserve=0", "--settle.database.embedded-durable=false"};
        Api.Account account;
        try (ConfigurableApplicationContext earlier = SpringApplication.run(SettleApplication.class, args)) {
            Api api = apiFor(earlier);
            account = api.newAccount();
            Payments.pay(api, account.testKey(), Payments.SUCCESS);
            Payments.pay(api, account.testKey(), Payments.SUCCESS);
            awaitCount(api, "/v1/events?limit=100", account, 8);
        }
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(dataDir.resolve("postgres"))
                .setCleanDataDirectory(false).start(); Connection db = postgres.getPostgresDatabase().getConnection();
        ) {
            backToTheEarlierSchema(db);
        }
        Files.createDirectories(dataDir.resolve("mongo"));
        Files.write(dataDir.resolve("mongo/settle.mv.db"), "not an H2 store, whatever it once was".repeat(200).getBytes());

        try (ConfigurableApplicationContext upgraded = SpringApplication.run(SettleApplication.class, upgrading(args))) {
            List<JsonNode> events = awaitCount(apiFor(upgraded), "/v1/events?limit=100", account, 8);
            assertThat(events.stream().map(event -> event.path("sequence").asLong()).toList())
                    .isEqualTo(LongStream.iterate(8, s -> s - 1).limit(8).boxed().toList());
            assertThat(dataDir.resolve("mongo")).doesNotExist();
            try (var siblings = Files.list(dataDir)) {
                assertThat(siblings.map(path -> path.getFileName().toString())).anyMatch(name -> name.startsWith("mongo.unreadable-"));
            }
        }
    }

    /**
     * Takes the schema back to where the earlier version left it: the tables of V30, V30.1 and
     * V31 (the document tables and stream tokens) dropped and forgotten by Flyway. Migrations
     * after V31 stay applied, so the upgraded start runs with {@code spring.flyway.out-of-order}
     * to apply the three again below them; a real upgrade from V23 applies everything in order.
     */
    private static void backToTheEarlierSchema(Connection db) throws Exception {
        try (Statement back = db.createStatement()) {
            back.execute("DROP TABLE events_archive, events_archive_store, webhooks_attempts, tenancy_stream_tokens");
            back.execute("DELETE FROM flyway_schema_history WHERE version IN ('30', '30.1', '31')");
        }
    }

    private static String[] upgrading(String[] args) {
        String[] upgrading = java.util.Arrays.copyOf(args, args.length + 1);
        upgrading[args.length] = "--spring.flyway.out-of-order=true";
        return upgrading;
    }

    /** Written as the earlier version did: mongo-java-server's H2 engine, database "settle", its document shapes. */
    private static void writeEarlierStore(Path dir, List<Map<String, Object>> events, List<Map<String, Object>> attempts)
            throws Exception {
        Files.createDirectories(dir);
        MVStore file = new MVStore.Builder().fileName(dir.resolve("settle.mv.db").toString()).open();
        MongoServer server = new MongoServer(new H2Backend(file));
        server.bind("127.0.0.1", 0);
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort())) {
            MongoDatabase settle = client.getDatabase("settle");
            settle.getCollection("event_archive").createIndex(Indexes.ascending("event_id"), new IndexOptions().unique(true));
            List<Document> archive = new ArrayList<>();
            for (Map<String, Object> row : events) {
                archive.add(new Document("_id", row.get("account_id") + ":0:" + String.format("%019d", (Long) row.get("sequence")))
                        .append("event_id", row.get("event_id"))
                        .append("account", row.get("account_id"))
                        .append("livemode", row.get("livemode"))
                        .append("sequence", row.get("sequence"))
                        .append("type", row.get("type"))
                        .append("object_id", row.get("object_id"))
                        .append("created", new Date(((java.sql.Timestamp) row.get("created")).getTime()))
                        .append("payload", row.get("payload").toString()));
            }
            settle.getCollection("event_archive").insertMany(archive);
            List<Document> log = new ArrayList<>();
            for (Map<String, Object> row : attempts) {
                Document document = Document.parse((String) row.get("document"));
                log.add(new Document("_id", row.get("id"))
                        .append("account", row.get("account_id"))
                        .append("livemode", row.get("livemode"))
                        .append("endpoint_id", row.get("endpoint_id"))
                        .append("event_id", row.get("event_id"))
                        .append("event_type", document.getString("event_type"))
                        .append("attempt", document.getInteger("attempt"))
                        .append("succeeded", document.getBoolean("succeeded"))
                        .append("http_status", document.getInteger("http_status"))
                        .append("latency_ms", document.getInteger("latency_ms"))
                        .append("response_body", document.getString("response_body"))
                        .append("error", document.getString("error"))
                        .append("created", new Date(((java.sql.Timestamp) row.get("created")).getTime())));
            }
            settle.getCollection("delivery_attempts").insertMany(log);
        } finally {
            server.shutdown();
            file.close();
        }
        Files.writeString(dir.resolve("clean-shutdown"), "");
    }

    private static List<Map<String, Object>> rows(Connection db, String sql, String account) throws Exception {
        try (PreparedStatement query = db.prepareStatement(sql)) {
            query.setString(1, account);
            try (ResultSet rs = query.executeQuery()) {
                List<Map<String, Object>> rows = new ArrayList<>();
                while (rs.next()) {
                    Map<String, Object> row = new java.util.LinkedHashMap<>();
                    for (int column = 1; column <= rs.getMetaData().getColumnCount(); column++) {
                        row.put(rs.getMetaData().getColumnLabel(column), rs.getObject(column));
                    }
                    rows.add(row);
                }
                return rows;
            }
        }
    }

    private static List<JsonNode> awaitCount(Api api, String path, Api.Account account, int count) {
        List<JsonNode> data = List.of();
        for (int i = 0; i < 150; i++) {
            data = api.get(path, account.testKey()).json().path("data").valueStream().toList();
            if (data.size() >= count) {
                break;
            }
            Payments.sleep(100);
        }
        assertThat(data).hasSizeGreaterThanOrEqualTo(count);
        return data;
    }

    private static Api apiFor(ConfigurableApplicationContext context) {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        StandardEnvironment environment = new StandardEnvironment();
        environment.getSystemProperties().put("local.server.port", String.valueOf(port));
        return new Api(environment);
    }
}
