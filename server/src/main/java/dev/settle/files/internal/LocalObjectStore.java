package dev.settle.files.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalLong;

import dev.settle.files.FileLink;
import dev.settle.files.StoredFile;

/**
 * Objects as files under a folder ({@code <data-dir>/objects/<prefix>/<sha256>}). A put writes
 * to a temporary file in the same folder while hashing, forces it to disk and then renames it
 * into place atomically, so a crash leaves either no object or the whole of it, never a part.
 */
final class LocalObjectStore implements ObjectStore {

    private final Path root;
    private final LocalLinks links;

    LocalObjectStore(Path root, LocalLinks links) {
        this.root = root;
        this.links = links;
    }

    LocalObjectStore(Path root) {
        this(root, new LocalLinks(java.time.Clock.systemUTC(), java.time.Duration.ofMinutes(5)));
    }

    @Override
    public StoredFile put(String prefix, InputStream content) throws IOException {
        Path folder = root.resolve(prefix);
        Files.createDirectories(folder);
        Path temporary = Files.createTempFile(folder, ".upload-", ".part");
        try {
            MessageDigest digest = sha256();
            long size;
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(temporary), digest)) {
                size = content.transferTo(out);
            }
            try (var channel = java.nio.channels.FileChannel.open(temporary, java.nio.file.StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            String hash = HexFormat.of().formatHex(digest.digest());
            Path target = folder.resolve(hash);
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException alreadyStored) {
                // The same bytes under the same name: the object is there already.
            }
            return new StoredFile(prefix + "/" + hash, hash, size);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    @Override
    public Optional<InputStream> open(String prefix, String sha256) throws IOException {
        Path file = root.resolve(prefix).resolve(sha256);
        return Files.isRegularFile(file) ? Optional.of(Files.newInputStream(file)) : Optional.empty();
    }

    @Override
    public boolean exists(String prefix, String sha256) {
        return Files.isRegularFile(root.resolve(prefix).resolve(sha256));
    }

    @Override
    public void delete(String prefix, String sha256) throws IOException {
        Files.deleteIfExists(root.resolve(prefix).resolve(sha256));
    }

    @Override
    public OptionalLong size(String prefix, String sha256) {
        try {
            Path file = root.resolve(prefix).resolve(sha256);
            return Files.isRegularFile(file) ? OptionalLong.of(Files.size(file)) : OptionalLong.empty();
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    @Override
    public FileLink link(String prefix, String sha256, String filename, String contentType, URI base) {
        return links.link(prefix + "/" + sha256, filename, contentType, base);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
