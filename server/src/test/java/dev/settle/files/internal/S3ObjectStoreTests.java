package dev.settle.files.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.gaul.s3proxy.S3Proxy;
import org.junit.jupiter.api.Test;

import dev.settle.support.S3Server;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A file far larger than the heap goes to S3 in parts: 200 MB through a JVM limited to 64 MB of
 * heap ({@link LargeUpload}), stored whole under its SHA-256, with no temporary object left.
 */
class S3ObjectStoreTests {

    static final long SIZE = 200L * 1024 * 1024;

    @Test
    void twoHundredMegabytesStreamThroughA64MegabyteHeapInParts() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "s3-large-" + System.nanoTime()));
        S3Proxy proxy = S3Server.start(dir, 0);
        try {
            String endpoint = "http://127.0.0.1:" + proxy.getPort();
            Path log = Files.createTempFile(Path.of("target"), "large-upload-", ".log");
            Process child = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx64m",
                    "-Daws.accessKeyId=" + S3Server.ACCESS_KEY, "-Daws.secretAccessKey=" + S3Server.SECRET_KEY,
                    "-cp", System.getProperty("java.class.path"), LargeUpload.class.getName(), endpoint, String.valueOf(SIZE))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            assertThat(child.waitFor(5, TimeUnit.MINUTES)).as("the upload finished; see " + log).isTrue();
            String output = Files.readString(log);
            assertThat(child.exitValue()).as(output).isZero();

            Matcher stored = Pattern.compile("stored ([0-9a-f]{64}) (\\d+)").matcher(output);
            Matcher sent = Pattern.compile("sent ([0-9a-f]{64})").matcher(output);
            assertThat(stored.find() && sent.find()).as(output).isTrue();
            assertThat(stored.group(1)).as("the object is named by the digest of what was sent").isEqualTo(sent.group(1));
            assertThat(Long.parseLong(stored.group(2))).isEqualTo(SIZE);
            System.out.println("S3ObjectStoreTests: " + output.lines().filter(line -> line.startsWith("peak-heap")).findFirst().orElse(""));

            try (S3Client s3 = S3Client.builder().endpointOverride(java.net.URI.create(endpoint)).region(Region.US_EAST_1)
                    .forcePathStyle(true)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(S3Server.ACCESS_KEY, S3Server.SECRET_KEY)))
                    .build()) {
                List<S3Object> objects = s3.listObjectsV2(b -> b.bucket(S3Server.BUCKET).prefix("large/")).contents();
                assertThat(objects).extracting(S3Object::key).as("no temporary upload left").containsExactly("large/acct_large/test/" + sent.group(1));
                assertThat(objects.getFirst().size()).isEqualTo(SIZE);
                assertThat(s3.listMultipartUploads(b -> b.bucket(S3Server.BUCKET)).uploads()).isEmpty();
            }
        } finally {
            proxy.stop();
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
