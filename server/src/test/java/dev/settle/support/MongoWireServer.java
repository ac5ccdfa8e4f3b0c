package dev.settle.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * A MongoDB-wire-compatible server (mongo-java-server with its in-memory backend) in a JVM of its
 * own, listening on a loopback TCP port: the MongoDB stores' tests reach it through the official
 * driver over the real wire protocol, as they would a MongoDB. There is no MongoDB on the build
 * machine; what this server does not do (enforce TTL expiry, use secondary indexes for speed,
 * replicate, honour write concerns) is not tested by it — docs/operations.md says which
 * guarantees were tested only here.
 *
 * <p>One per test JVM, started on first use. It exits when the test JVM does: it stops as soon as
 * its standard input closes.
 */
public final class MongoWireServer {

    private static MongoWireServer shared;

    private final Process process;
    private final int port;

    private MongoWireServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static synchronized MongoWireServer shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop));
        }
        return shared;
    }

    /** {@code mongodb://127.0.0.1:<port>}: give it to Settle as {@code settle.mongodb.uri}. */
    public String uri() {
        return "mongodb://127.0.0.1:" + port;
    }

    public MongoClient client() {
        return MongoClients.create(uri());
    }

    /**
     * Points a test's Settle at this server ({@link OnMongoDb}): {@code settle.mongodb.uri} and a
     * database of its own. One class, so every test class on MongoDB shares one Spring context.
     */
    public static final class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            TestPropertyValues.of("settle.mongodb.uri=" + shared().uri(), "settle.mongodb.database=settle_api").applyTo(context);
        }
    }

    private static MongoWireServer start() {
        try {
            Path log = Files.createTempFile(Path.of("target"), "mongo-wire-", ".log");
            Path portFile = Files.createTempFile(Path.of("target"), "mongo-wire-", ".port");
            Process process = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx256m",
                    "-cp", System.getProperty("java.class.path"), MongoWireServer.class.getName(), portFile.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            Instant deadline = Instant.now().plusSeconds(30);
            while (Files.size(portFile) == 0) {
                if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("The wire-compatible server did not start; see " + log);
                }
                Thread.sleep(20);
            }
            return new MongoWireServer(process, Integer.parseInt(Files.readString(portFile).trim()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void stop() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The server process: binds a free loopback port, writes it to the file named, serves until stdin closes. */
    public static void main(String[] args) throws IOException {
        MongoServer server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        InetSocketAddress address = server.getLocalAddress();
        Path written = Path.of(args[0] + ".tmp");
        Files.writeString(written, String.valueOf(address.getPort()));
        Files.move(written, Path.of(args[0]), java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        while (System.in.read() != -1) {
            // the test JVM holds our stdin open while it lives
        }
        server.shutdownNow();
        System.exit(0);
    }
}
