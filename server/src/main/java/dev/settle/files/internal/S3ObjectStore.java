package dev.settle.files.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.settle.files.FileLink;
import dev.settle.files.StoredFile;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedGetObjectRequest;

/**
 * Objects in an S3 bucket as {@code <root><prefix>/<sha256>}, where the prefix starts with the
 * account id. Every write asks for server-side encryption (SSE-S3, or SSE-KMS with a key).
 *
 * <p>The name is the content's digest, known only once the last byte is read, so a file is
 * streamed in parts of {@code partSize} (one buffer, reused: the most of it ever in memory) to a
 * temporary key under {@code <root>.uploads/} by a multipart upload, then copied to its name inside
 * S3 and the temporary object deleted. A file that fits one part is written to its name at once. A
 * failed upload is aborted; one cut short by a crash leaves a temporary object or an incomplete
 * upload that a bucket lifecycle rule removes (docs/operations.md).
 */
final class S3ObjectStore implements ObjectStore, AutoCloseable {

    private final S3Client s3;
    private final S3Presigner presigner;
    private final String bucket;
    private final String root;
    private final @Nullable String kmsKeyId;
    private final int partSize;
    private final Duration linkTtl;

    S3ObjectStore(S3Client s3, S3Presigner presigner, String bucket, String root, @Nullable String kmsKeyId, int partSize,
            Duration linkTtl) {
        if (partSize < 5 * 1024 * 1024) {
            throw new IllegalArgumentException("S3 parts are at least 5 MB; settle.files.s3.part-size is " + partSize + " bytes");
        }
        this.s3 = s3;
        this.presigner = presigner;
        this.bucket = bucket;
        this.root = root;
        this.kmsKeyId = kmsKeyId;
        this.partSize = partSize;
        this.linkTtl = linkTtl;
    }

    String key(String prefix, String sha256) {
        return root + prefix + "/" + sha256;
    }

    @Override
    public StoredFile put(String prefix, InputStream content) throws IOException {
        MessageDigest digest = sha256();
        byte[] part = new byte[partSize];
        int length = readPart(content, part, digest);
        if (length < partSize) {
            String hash = HexFormat.of().formatHex(digest.digest());
            if (!exists(prefix, hash)) {
                s3.putObject(encrypted(PutObjectRequest.builder().bucket(bucket).key(key(prefix, hash))), body(part, length));
            }
            return new StoredFile(prefix + "/" + hash, hash, length);
        }
        String temporary = root + ".uploads/" + prefix + "/" + UUID.randomUUID();
        long size = multipart(temporary, content, part, length, digest);
        try {
            String hash = HexFormat.of().formatHex(digest.digest());
            if (!exists(prefix, hash)) {
                CopyObjectRequest.Builder copy = CopyObjectRequest.builder().sourceBucket(bucket).sourceKey(temporary)
                        .destinationBucket(bucket).destinationKey(key(prefix, hash));
                if (kmsKeyId != null) {
                    copy.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(kmsKeyId);
                } else {
                    copy.serverSideEncryption(ServerSideEncryption.AES256);
                }
                s3.copyObject(copy.build());
            }
            return new StoredFile(prefix + "/" + hash, hash, size);
        } finally {
            s3.deleteObject(b -> b.bucket(bucket).key(temporary));
        }
    }

    /** Uploads the first part (already read) and the rest of the stream; answers the bytes sent. */
    private long multipart(String key, InputStream content, byte[] part, int first, MessageDigest digest) throws IOException {
        String uploadId = s3.createMultipartUpload(encrypted(CreateMultipartUploadRequest.builder().bucket(bucket).key(key)))
                .uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            long size = 0;
            int length = first;
            while (length > 0) {
                int number = parts.size() + 1;
                String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number),
                        body(part, length)).eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
                size += length;
                length = readPart(content, part, digest);
            }
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts)));
            return size;
        } catch (IOException | RuntimeException e) {
            try {
                s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
            } catch (RuntimeException abort) {
                e.addSuppressed(abort);
            }
            throw e;
        }
    }

    /** The part's bytes without a copy: a retried request reads them again from the start. */
    private static RequestBody body(byte[] part, int length) {
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(part, 0, length), length, "application/octet-stream");
    }

    /** Fills the buffer from the stream (hashing what it reads) up to its end; 0 at the stream's end. */
    private static int readPart(InputStream content, byte[] part, MessageDigest digest) throws IOException {
        int length = content.readNBytes(part, 0, part.length);
        digest.update(part, 0, length);
        return length;
    }

    private PutObjectRequest encrypted(PutObjectRequest.Builder request) {
        return kmsKeyId != null ? request.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(kmsKeyId).build()
                : request.serverSideEncryption(ServerSideEncryption.AES256).build();
    }

    private CreateMultipartUploadRequest encrypted(CreateMultipartUploadRequest.Builder request) {
        return kmsKeyId != null ? request.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(kmsKeyId).build()
                : request.serverSideEncryption(ServerSideEncryption.AES256).build();
    }

    @Override
    public Optional<InputStream> open(String prefix, String sha256) {
        try {
            return Optional.of(s3.getObject(b -> b.bucket(bucket).key(key(prefix, sha256))));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean exists(String prefix, String sha256) {
        return head(prefix, sha256).isPresent();
    }

    @Override
    public void delete(String prefix, String sha256) {
        s3.deleteObject(b -> b.bucket(bucket).key(key(prefix, sha256)));
    }

    @Override
    public OptionalLong size(String prefix, String sha256) {
        return head(prefix, sha256).map(head -> OptionalLong.of(head.contentLength())).orElse(OptionalLong.empty());
    }

    Optional<HeadObjectResponse> head(String prefix, String sha256) {
        try {
            return Optional.of(s3.headObject(b -> b.bucket(bucket).key(key(prefix, sha256))));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public FileLink link(String prefix, String sha256, String filename, String contentType, URI base) {
        PresignedGetObjectRequest presigned = presigner.presignGetObject(p -> p.signatureDuration(linkTtl)
                .getObjectRequest(g -> g.bucket(bucket).key(key(prefix, sha256)).responseContentType(contentType)
                        .responseContentDisposition("attachment; filename=\"" + filename + "\"")));
        return new FileLink(URI.create(presigned.url().toString()), presigned.expiration());
    }

    /** The bucket answers and these credentials may use it; the exception says why not. */
    void checkBucket() {
        s3.headBucket(b -> b.bucket(bucket).overrideConfiguration(o -> o.apiCallTimeout(Duration.ofSeconds(5))));
    }

    String bucket() {
        return bucket;
    }

    @Override
    public void close() {
        presigner.close();
        s3.close();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
