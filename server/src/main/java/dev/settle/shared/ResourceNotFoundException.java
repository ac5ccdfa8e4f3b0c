package dev.settle.shared;

import org.jspecify.annotations.Nullable;

/**
 * 404: no such object for this account and mode. Deliberately the same answer whether
 * the id does not exist or belongs to another account, so ids never leak.
 */
public class ResourceNotFoundException extends ApiException {

    public ResourceNotFoundException(String objectName, String id, @Nullable String param) {
        super(404, "resource_missing", "No such " + objectName + ": '" + id + "'", param);
    }

    @Override
    public String title() {
        return "Not found";
    }
}
