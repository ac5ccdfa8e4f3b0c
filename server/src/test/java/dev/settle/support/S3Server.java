package dev.settle.support;

import java.net.URI;
import java.nio.file.Path;
import java.util.Properties;

import org.gaul.s3proxy.BlobStores;
import org.jspecify.annotations.Nullable;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An S3-compatible server (S3Proxy, objects in memory) in the test JVM on a
 * loopback port, with a bucket {@value #BUCKET}, checking AWS signatures (V2 or V4, presigned
 * URLs too) with the keys {@value #ACCESS_KEY} / {@value #SECRET_KEY}. Settle reaches it through
 * the AWS SDK over HTTP as it would S3; the keys reach Settle through the SDK's default chain (the
 * {@code aws.accessKeyId} / {@code aws.secretAccessKey} system properties, set here). One per test
 * JVM, started on first use.
 */
public final class S3Server {

    public static final String BUCKET = "settle";
    public static final String ACCESS_KEY = "settle";
    public static final String SECRET_KEY = "settle-secret";

    private static S3Server shared;

    private final S3Proxy proxy;

    private S3Server(S3Proxy proxy) {
        this.proxy = proxy;
    }

    public static synchronized S3Server shared() {
        if (shared == null) {
            try {
                S3Proxy proxy = start(null, 0);
                shared = new S3Server(proxy);
                System.setProperty("aws.accessKeyId", ACCESS_KEY);
                System.setProperty("aws.secretAccessKey", SECRET_KEY);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        proxy.stop();
                    } catch (Exception e) {
                        // the JVM is ending
                    }
                }));
            } catch (Exception e) {
                throw new IllegalStateException("S3Proxy did not start", e);
            }
        }
        return shared;
    }

    /**
     * Starts S3Proxy on the port (0 = a free one) with the bucket: in memory, or with its objects
     * in files under {@code dir}.
     *
     * <p>S3Proxy's in-memory backend keeps the server-side encryption a write asked for with the
     * object and answers it in HEAD and GET (it encrypts nothing), which is what the tests check.
     * Its filesystem backend answers 501 to such a write; declared supported here, it takes the
     * write and forgets the encryption, so tests of large files, which need the disk, do not check it.
     */
    public static S3Proxy start(@Nullable Path dir, int port) throws Exception {
        Properties properties = new Properties();
        BlobStore store;
        if (dir == null) {
            store = BlobStores.create("transient", properties);
        } else {
            properties.setProperty("jclouds.filesystem.basedir", dir.toAbsolutePath().toString());
            store = new ForwardingBlobStore(BlobStores.create("filesystem", properties)) {
                @Override
                public boolean supportsServerSideEncryption() {
                    return true;
                }
            };
        }
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
        return proxy;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + proxy.getPort();
    }

    /** A client of this server's own, to look at what Settle stored. */
    public S3Client client() {
        return S3Client.builder().endpointOverride(URI.create(endpoint())).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .requestChecksumCalculation(software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(software.amazon.awssdk.core.checksums.ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }

    /** Settle's settings for this server; the key prefix is the test's own. */
    public static String[] settings(String prefix) {
        S3Server server = shared();
        return new String[] {"settle.files.s3.bucket=" + BUCKET, "settle.files.s3.endpoint=" + server.endpoint(),
                "settle.files.s3.path-style=true", "settle.files.s3.prefix=" + prefix};
    }

    /** Points a test's Settle at this server ({@link OnS3}). One class, so every test class on S3 shares one context. */
    public static final class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            TestPropertyValues.of(settings("settle-tests/")).applyTo(context);
        }
    }
}
