package dev.settle.bench.cluster;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;

/**
 * The S3-compatible server of the three-node bed, as a process of its own: S3Proxy on
 * {@code 127.0.0.1:<port>} with its objects in files under {@code <data dir>}, a bucket
 * {@value #BUCKET}, and AWS signatures (V2 or V4, presigned URLs too) checked against the keys
 * {@value #ACCESS_KEY} / {@value #SECRET_KEY}. Serves until killed.
 *
 * <pre>
 * java -cp "bench/target/settle-bench.jar:bench/target/lib/*" dev.settle.bench.cluster.S3Server 9000 /tmp/settle-s3
 * </pre>
 *
 * Settle's nodes then take {@code SETTLE_S3_BUCKET=settle SETTLE_S3_ENDPOINT=http://127.0.0.1:9000
 * SETTLE_S3_PATH_STYLE=true AWS_ACCESS_KEY_ID=settle AWS_SECRET_ACCESS_KEY=settle-secret}.
 *
 * <p>S3Proxy's filesystem store answers 501 to a write asking for server-side encryption, which
 * Settle asks on every write; declared supported here, it takes such writes and forgets the
 * encryption (nothing is encrypted: a test bed, not a store).
 */
public final class S3Server {

    static final String BUCKET = "settle";
    static final String ACCESS_KEY = "settle";
    static final String SECRET_KEY = "settle-secret";

    private S3Server() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: S3Server <port> <data dir>");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        Path dir = Files.createDirectories(Path.of(args[1])).toAbsolutePath();
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", dir.toString());
        BlobStore store = new ForwardingBlobStore(BlobStores.create("filesystem", properties)) {
            @Override
            public boolean supportsServerSideEncryption() {
                return true;
            }
        };
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        proxy.start();
        while (!proxy.getState().equals("STARTED")) {
            Thread.sleep(10);
        }
        if (!store.containerExists(BUCKET)) {
            store.createContainer(BUCKET);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                proxy.stop();
            } catch (Exception e) {
                // the process is ending
            }
        }));
        System.out.println("S3 at http://127.0.0.1:" + proxy.getPort() + ", bucket " + BUCKET + ", objects under " + dir);
        Thread.currentThread().join();
    }
}
