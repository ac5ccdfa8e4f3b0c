package dev.settle.files.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.OptionalLong;

import dev.settle.files.StoredFile;

/**
 * Where objects live. Keys are {@code prefix/sha256}; an object is written once and never
 * changed. {@link LocalObjectStore} when embedded; S3 is another implementation chosen by
 * {@code settle.files.store}.
 */
public interface ObjectStore {

    /** Streams the content in, hashing it; an object already stored under the same digest is kept. */
    StoredFile put(String prefix, InputStream content) throws IOException;

    Optional<InputStream> open(String prefix, String sha256) throws IOException;

    boolean exists(String prefix, String sha256);

    void delete(String prefix, String sha256) throws IOException;

    OptionalLong size(String prefix, String sha256);
}
