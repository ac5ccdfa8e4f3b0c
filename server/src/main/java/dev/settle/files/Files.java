package dev.settle.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.regex.Pattern;

import org.springframework.stereotype.Service;

import dev.settle.files.internal.ObjectStore;
import dev.settle.shared.InvalidRequestException;

/**
 * What other modules may ask of object storage. Objects are immutable and named by their
 * content: {@link #put} streams the bytes to the store while hashing them, never holding them
 * whole in memory, and returns the SHA-256 that names them under the prefix.
 */
@Service
public class Files {

    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_]{1,64}(/[A-Za-z0-9_]{1,64}){0,3}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

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
        return validKey(prefix, sha256) && store.exists(prefix, sha256);
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
        return store.size(prefix, sha256).stream().mapToObj(size -> new StoredFile(key, sha256, size)).findFirst();
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
