package dev.settle.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's root, wherever the tests run from (Maven passes it as settle.root). */
public final class Repo {

    private Repo() {
    }

    public static Path root() {
        String configured = System.getProperty("settle.root");
        Path start = Path.of(configured != null ? configured : ".").toAbsolutePath();
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("mvnw")) && Files.isDirectory(p.resolve("server"))) {
                return p;
            }
        }
        throw new IllegalStateException("no repository root above " + start);
    }

    public static Path path(String relative) {
        return root().resolve(relative);
    }
}
