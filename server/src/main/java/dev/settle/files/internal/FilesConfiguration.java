package dev.settle.files.internal;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.settle.platform.SettleProperties;

/** Picks the object store {@code settle.files.store} names. */
@Configuration(proxyBeanMethods = false)
class FilesConfiguration {

    @Bean
    ObjectStore objectStore(FilesProperties files, SettleProperties settle) {
        return switch (files.store()) {
            case "local" -> new LocalObjectStore(files.folder() != null ? files.folder() : settle.dataDir().resolve("objects"));
            default -> throw new IllegalStateException("settle.files.store=" + files.store()
                    + " is not an object store this version has; use local");
        };
    }
}
