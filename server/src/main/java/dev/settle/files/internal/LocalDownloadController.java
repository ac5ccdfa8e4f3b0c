package dev.settle.files.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.settle.shared.PermissionException;
import dev.settle.shared.ResourceNotFoundException;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Serves the local store's download links ({@link LocalLinks}): outside {@code /v1}, without an
 * API key, like a presigned S3 URL. A link whose signature is not this node's, or that has
 * expired, is a 403 and reads nothing.
 */
@RestController
@Hidden
class LocalDownloadController {

    private final LocalLinks links;
    private final ObjectStore store;

    LocalDownloadController(LocalLinks links, ObjectStore store) {
        this.links = links;
        this.store = store;
    }

    @GetMapping("/files/download")
    void download(@RequestParam String key, @RequestParam String name, @RequestParam String type, @RequestParam long expires,
            @RequestParam String signature, HttpServletResponse response) throws IOException {
        if (!links.valid(key, name, type, expires, signature)) {
            throw new PermissionException("link_invalid", "This download link is not valid, or has expired: ask the API for a new one.");
        }
        int slash = key.lastIndexOf('/');
        Optional<InputStream> content = slash <= 0 ? Optional.empty() : store.open(key.substring(0, slash), key.substring(slash + 1));
        try (InputStream in = content.orElseThrow(() -> new ResourceNotFoundException("file", key, "key"))) {
            response.setContentType(type);
            response.setHeader("Content-Disposition", "attachment; filename=\"" + name + "\"");
            in.transferTo(response.getOutputStream());
        }
    }
}
