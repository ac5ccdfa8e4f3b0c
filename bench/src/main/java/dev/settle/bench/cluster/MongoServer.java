package dev.settle.bench.cluster;

import java.util.concurrent.CountDownLatch;

import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * The three-node bed's document store (bench/cluster.sh): a MongoDB-wire-compatible server
 * (mongo-java-server, in memory) on a fixed loopback port, in a process of its own, as the nodes'
 * {@code SETTLE_MONGODB_URI}. It is a test double for the wire protocol only (no secondary indexes
 * used for queries, no TTL, no durability: docs/operations.md), so the bed shows that the nodes
 * share one document store, not how MongoDB performs. Serves until SIGTERM.
 *
 * <pre>java -cp "bench/target/settle-bench.jar:bench/target/lib/*" dev.settle.bench.cluster.MongoServer 27018</pre>
 */
public final class MongoServer {

    private MongoServer() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 27017;
        de.bwaldvogel.mongo.MongoServer server = new de.bwaldvogel.mongo.MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", port);
        System.out.println("MongoDB-wire-compatible server listening on 127.0.0.1:" + port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdownNow();
            stopped.countDown();
        }));
        stopped.await();
    }
}
