package dev.settle.files.internal;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.settle.platform.SettleProperties;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The object store: S3 when {@code SETTLE_S3_BUCKET} is set, else a local folder. A node given a
 * bucket refuses to start when the bucket does not answer, so a wrong name, endpoint or
 * credentials is seen at once rather than at the first upload.
 */
@Configuration(proxyBeanMethods = false)
class FilesConfiguration {

    @Bean
    LocalLinks localLinks(FilesProperties files, Clock clock) {
        return new LocalLinks(clock, files.linkTtl());
    }

    @Bean
    ObjectStore objectStore(FilesProperties files, SettleProperties settle, LocalLinks links) {
        if (!files.s3().configured()) {
            return new LocalObjectStore(files.folder() != null ? files.folder() : settle.dataDir().resolve("objects"), links);
        }
        S3ObjectStore store = s3(files.s3(), files.linkTtl());
        try {
            store.checkBucket();
        } catch (RuntimeException e) {
            store.close();
            throw new IllegalStateException("SETTLE_S3_BUCKET is set, but the bucket " + files.s3().bucket() + " at "
                    + (files.s3().endpoint().isBlank() ? "S3 in " + files.s3().region() : files.s3().endpoint())
                    + " does not answer (" + e + "). Create the bucket, fix SETTLE_S3_ENDPOINT / SETTLE_S3_REGION or the credentials "
                    + "(AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, or the instance's role); unset SETTLE_S3_BUCKET to keep files "
                    + "in the local folder.", e);
        }
        return store;
    }

    /** {@code s3} in {@code /actuator/health}, with a bucket only. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnExpression("!'${settle.files.s3.bucket:}'.isBlank()")
    static class S3HealthConfiguration {

        @Bean
        HealthIndicator s3HealthIndicator(ObjectStore store) {
            return new S3Health((S3ObjectStore) store);
        }
    }

    static S3ObjectStore s3(FilesProperties.S3 s3, Duration linkTtl) {
        Region region = Region.of(s3.region());
        DefaultCredentialsProvider credentials = DefaultCredentialsProvider.builder().build();
        S3ClientBuilder client = S3Client.builder()
                .region(region)
                .credentialsProvider(credentials)
                .forcePathStyle(s3.pathStyle())
                .httpClientBuilder(Apache5HttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(30)));
        S3Presigner.Builder presigner = S3Presigner.builder()
                .region(region)
                .credentialsProvider(credentials)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(s3.pathStyle()).build());
        if (!s3.endpoint().isBlank()) {
            URI endpoint = URI.create(s3.endpoint());
            // S3-compatible stores do not all take the SDK's default trailing checksums (aws-chunked
            // bodies); ask for checksums only where an operation requires one.
            client.endpointOverride(endpoint)
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
            presigner.endpointOverride(endpoint);
        }
        String root = s3.prefix().isEmpty() || s3.prefix().endsWith("/") ? s3.prefix() : s3.prefix() + "/";
        return new S3ObjectStore(client.build(), presigner.build(), s3.bucket(), root, s3.kmsKeyId().isBlank() ? null : s3.kmsKeyId(),
                (int) s3.partSize().toBytes(), linkTtl);
    }
}
