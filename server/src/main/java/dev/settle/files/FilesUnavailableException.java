package dev.settle.files;

import dev.settle.shared.ApiException;

/**
 * 503: the object store (S3) did not answer. Nothing was kept: a report that could not be stored
 * was not ingested, and the same request may be sent again.
 */
public class FilesUnavailableException extends ApiException {

    public FilesUnavailableException(String message, Throwable cause) {
        super(503, "files_unavailable", message, null);
        initCause(cause);
    }

    @Override
    public String title() {
        return "Service unavailable";
    }
}
