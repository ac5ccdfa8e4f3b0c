package dev.settle.files.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Optional;
import java.util.OptionalLong;

import dev.settle.files.FileLink;
import dev.settle.files.StoredFile;

/**
 * Where objects live. Keys are {@code prefix/sha256}; an object is written once and never
 * changed. {@link LocalObjectStore} when embedded, {@link S3ObjectStore} when
 * {@code SETTLE_S3_BUCKET} is set.
 */
public interface ObjectStore {

    /** Streams the content in, hashing it; an object already stored under the same digest is kept. */
    StoredFile put(String prefix, InputStream content) throws IOException;

    Optional<InputStream> open(String prefix, String sha256) throws IOException;

    boolean exists(String prefix, String sha256);

    void delete(String prefix, String sha256) throws IOException;

    OptionalLong size(String prefix, String sha256);

    /**
     * A URL that downloads the object without credentials until it expires, served as
     * {@code contentType} under {@code filename}; {@code base} is where this node was reached (the
     * local store's links point back at it).
     */
    FileLink link(String prefix, String sha256, String filename, String contentType, URI base);
}
