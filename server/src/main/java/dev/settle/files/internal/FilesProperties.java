package dev.settle.files.internal;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code settle.files.*}.
 *
 * @param store  which object store: {@code local} (a folder; the embedded default). S3 is to
 *               come as a second value with the distributed set-up
 * @param folder the local store's folder (default {@code <settle.data-dir>/objects})
 */
@ConfigurationProperties("settle.files")
public record FilesProperties(@DefaultValue("local") String store, @Nullable Path folder) {
}
