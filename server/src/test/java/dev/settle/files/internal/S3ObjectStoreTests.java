package dev.settle.files.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;

import org.gaul.s3proxy.S3Proxy;
import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import dev.settle.files.StoredFile;
import dev.settle.support.S3Server;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * The S3 store on S3Proxy: SSE-KMS asked on every write (the single put and the multipart upload's
 * copy), one object per content, reads confined to the prefix; and a file far larger than the heap goes to S3 in parts: 200 MB through a JVM limited to 64 MB of
 * heap ({@link LargeUpload}), stored whole under its SHA-256, with no temporary object left.
 */
class S3ObjectStoreTests {

    static final long SIZE = 200L * 1024 * 1024;

    @Test
    void everyWriteAsksForTheKmsKeyWhenOneIsSetAndTheSameBytesTwiceAreOneObject() throws Exception {
        S3Server server = S3Server.shared();
        FilesProperties.S3 settings = new FilesProperties.S3(S3Server.BUCKET, server.endpoint(), "us-east-1", true, "kms-tests/",
                "arn:aws:kms:us-east-1:111122223333:key/settle-test", DataSize.ofMegabytes(5));
        byte[] small = "id,type\n1,charge\n".getBytes(StandardCharsets.UTF_8);
        byte[] large = new byte[6 * 1024 * 1024 + 17]; // two parts: a multipart upload, then a copy to its name
        new java.util.SplittableRandom(7).nextBytes(large);
        try (S3ObjectStore store = FilesConfiguration.s3(settings, Duration.ofMinutes(5)); S3Client s3 = server.client()) {
            StoredFile first = store.put("acct_kms/test", new ByteArrayInputStream(small));
            StoredFile multipart = store.put("acct_kms/test", new ByteArrayInputStream(large));
            assertThat(store.put("acct_kms/test", new ByteArrayInputStream(large))).isEqualTo(multipart);
            assertThat(multipart.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(large)));
            assertThat(multipart.size()).isEqualTo(large.length);

            for (StoredFile file : List.of(first, multipart)) {
                HeadObjectResponse head = s3.headObject(b -> b.bucket(S3Server.BUCKET).key("kms-tests/" + file.key()));
                assertThat(head.serverSideEncryption()).as(file.key()).isEqualTo(ServerSideEncryption.AWS_KMS);
                assertThat(head.ssekmsKeyId()).as(file.key()).isEqualTo(settings.kmsKeyId());
                assertThat(head.contentLength()).isEqualTo(file.size());
            }
            assertThat(s3.listObjectsV2(b -> b.bucket(S3Server.BUCKET).prefix("kms-tests/")).contents()).extracting(S3Object::key)
                    .as("one object per content, no temporary upload left")
                    .containsExactlyInAnyOrder("kms-tests/" + first.key(), "kms-tests/" + multipart.key());
            try (InputStream in = store.open("acct_kms/test", multipart.sha256()).orElseThrow()) {
                assertThat(in.readAllBytes()).isEqualTo(large);
            }
            assertThat(store.open("acct_other/test", multipart.sha256())).as("another account's prefix").isEmpty();
            store.delete("acct_kms/test", first.sha256());
            assertThat(store.exists("acct_kms/test", first.sha256())).isFalse();
        }
    }

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
