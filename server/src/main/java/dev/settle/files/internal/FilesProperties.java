package dev.settle.files.internal;

import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code settle.files.*}.
 *
 * @param folder  the local store's folder (default {@code <settle.data-dir>/objects}); unused on S3
 * @param linkTtl how long a download link stays valid (a presigned GET on S3)
 * @param s3      the bucket, when the objects live in S3 ({@code SETTLE_S3_BUCKET} set)
 */
@ConfigurationProperties("settle.files")
public record FilesProperties(@Nullable Path folder, @DefaultValue("5m") Duration linkTtl, @DefaultValue S3 s3) {

    /**
     * @param bucket   {@code SETTLE_S3_BUCKET}; empty = the local folder
     * @param endpoint {@code SETTLE_S3_ENDPOINT}: an S3-compatible store's URL; empty = AWS's own
     * @param region   {@code SETTLE_S3_REGION}
     * @param pathStyle {@code SETTLE_S3_PATH_STYLE}: {@code host/bucket/key} URLs instead of
     *                 {@code bucket.host/key} (most S3-compatible stores want them)
     * @param prefix   {@code SETTLE_S3_PREFIX}: every key starts with it, then the account id
     * @param kmsKeyId {@code SETTLE_S3_KMS_KEY_ID}: encrypt with this KMS key (aws:kms) instead of
     *                 S3's own keys (AES256)
     * @param partSize a multipart upload's part: the most of a file held in memory at once
     */
    public record S3(@DefaultValue("") String bucket, @DefaultValue("") String endpoint, @DefaultValue("us-east-1") String region,
            @DefaultValue("false") boolean pathStyle, @DefaultValue("settle/") String prefix, @DefaultValue("") String kmsKeyId,
            @DefaultValue("8MB") DataSize partSize) {

        public boolean configured() {
            return !bucket.isBlank();
        }
    }
}
