package dev.settle.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

import org.springframework.stereotype.Service;

import dev.settle.files.internal.ObjectStore;
import dev.settle.shared.InvalidRequestException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * What other modules may ask of object storage. Objects are immutable and named by their
 * content: {@link #put} streams the bytes to the store while hashing them, never holding them
 * whole in memory, and returns the SHA-256 that names them under the prefix.
 */
@Service
public class Files {

    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_]{1,64}(/[A-Za-z0-9_]{1,64}){0,3}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern FILENAME = Pattern.compile("[A-Za-z0-9_.-]{1,100}");

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Files.class);

    private final ObjectStore store;

    Files(ObjectStore store) {
        this.store = store;
    }

    /**
     * Stores the stream's bytes under {@code prefix} (e.g. an account id) as {@code prefix/sha256}.
     * Storing the same bytes again finds the object already there and keeps one copy.
     */
    public StoredFile put(String prefix, InputStream content) {
        requirePrefix(prefix);
        try {
            return store.put(prefix, content);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not store a file under " + prefix, e);
        } catch (SdkClientException | S3Exception e) {
            throw unavailable("store", e);
        }
    }

    /** The object's bytes as a stream the caller closes; empty when there is none. */
    public Optional<InputStream> open(String prefix, String sha256) {
        if (!validKey(prefix, sha256)) {
            return Optional.empty();
        }
        try {
            return store.open(prefix, sha256);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + prefix + "/" + sha256, e);
        } catch (SdkClientException | S3Exception e) {
            throw unavailable("read", e);
        }
    }

    /** Removes an object, e.g. an upload refused as a whole; nothing if there is none. */
    public void delete(String prefix, String sha256) {
        if (validKey(prefix, sha256)) {
            try {
                store.delete(prefix, sha256);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not delete " + prefix + "/" + sha256, e);
            }
        }
    }

    public boolean exists(String prefix, String sha256) {
        try {
            return validKey(prefix, sha256) && store.exists(prefix, sha256);
        } catch (SdkClientException | S3Exception e) {
            throw unavailable("read", e);
        }
    }

    /**
     * A link that downloads the object with a plain GET, no credentials, until it expires
     * ({@code settle.files.link-ttl}): a presigned URL on S3. {@code base} is the URL this node was
     * reached at (the local store's links point back at it). Empty when there is no such object.
     */
    public Optional<FileLink> link(String prefix, String sha256, String filename, String contentType, URI base) {
        if (!exists(prefix, sha256)) {
            return Optional.empty();
        }
        if (!FILENAME.matcher(filename).matches()) {
            throw new IllegalArgumentException("Not a plain file name: " + filename);
        }
        return Optional.of(store.link(prefix, sha256, filename, contentType, base));
    }

    /** The object named by a key {@code prefix/sha256} as {@link StoredFile#key()} gives it. */
    public Optional<StoredFile> find(String key) {
        int slash = key.lastIndexOf('/');
        if (slash <= 0) {
            return Optional.empty();
        }
        String prefix = key.substring(0, slash);
        String sha256 = key.substring(slash + 1);
        if (!validKey(prefix, sha256)) {
            return Optional.empty();
        }
        OptionalLong size;
        try {
            size = store.size(prefix, sha256);
        } catch (SdkClientException | S3Exception e) {
            throw unavailable("read", e);
        }
        return size.stream().mapToObj(bytes -> new StoredFile(key, sha256, bytes)).findFirst();
    }

    private static FilesUnavailableException unavailable(String what, RuntimeException e) {
        log.warn("The object store did not answer ({}): {}", what, e.toString());
        return new FilesUnavailableException("The file store did not answer; could not " + what + " the file. Try again shortly.", e);
    }

    private static boolean validKey(String prefix, String sha256) {
        return PREFIX.matcher(prefix).matches() && SHA256.matcher(sha256).matches();
    }

    private static void requirePrefix(String prefix) {
        if (!PREFIX.matcher(prefix).matches()) {
            throw InvalidRequestException.invalidParam("prefix", "A file prefix is 1-4 segments of letters, digits and _.");
        }
    }
}
