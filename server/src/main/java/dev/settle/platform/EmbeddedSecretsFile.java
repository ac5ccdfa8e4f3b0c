package dev.settle.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;

/**
 * {@code <data-dir>/secrets.properties}, mode 0600: where embedded mode keeps the secrets it
 * generated on first start (operator token, key pepper, secrets key), so they survive restarts.
 * Several beans add to it; each write re-reads the file first, so none drops another's entries.
 */
public final class EmbeddedSecretsFile {

    private EmbeddedSecretsFile() {
    }

    public static Path of(SettleProperties settle) {
        return settle.dataDir().resolve("secrets.properties");
    }

    public static synchronized Properties load(Path file) {
        Properties properties = new Properties();
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                properties.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + file, e);
            }
        }
        return properties;
    }

    /** Adds (or replaces) entries, keeping the others. */
    public static synchronized void put(Path file, Map<String, String> entries) {
        Properties properties = load(file);
        entries.forEach(properties::setProperty);
        try {
            Files.createDirectories(file.getParent());
            if (!Files.exists(file)) {
                Files.createFile(file);
            }
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system; the file stays with default permissions
            }
            try (OutputStream out = Files.newOutputStream(file)) {
                properties.store(out, "Settle embedded-mode secrets. Keep private: losing the key pepper invalidates every "
                        + "API key; losing the secrets key makes webhook signing secrets unreadable.");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }
}
