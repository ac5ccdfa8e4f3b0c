package dev.settle.bench.cluster;

import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * The Mongo-compatible server of the three-node bed, as a process of its own: mongo-java-server
 * (in memory: its documents go when it stops) on {@code 127.0.0.1:<port>}. Serves until killed.
 *
 * <pre>
 * java -cp "bench/target/settle-bench.jar:bench/target/lib/*" dev.settle.bench.cluster.MongoServer 27017
 * </pre>
 *
 * Settle's nodes then take {@code SETTLE_MONGODB_URI=mongodb://127.0.0.1:27017}. It speaks the wire
 * protocol only: no replication (majority writes are acknowledged by it alone), no TTL expiry, no
 * use of secondary indexes (docs/operations.md says what was tested on it).
 */
public final class MongoServer {

    private MongoServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: MongoServer <port>");
            System.exit(2);
        }
        de.bwaldvogel.mongo.MongoServer server = new de.bwaldvogel.mongo.MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", Integer.parseInt(args[0]));
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));
        System.out.println("MongoDB wire protocol at mongodb://127.0.0.1:" + server.getLocalAddress().getPort());
        Thread.currentThread().join();
    }
}
