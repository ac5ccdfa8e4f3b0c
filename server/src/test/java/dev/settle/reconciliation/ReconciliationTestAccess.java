package dev.settle.reconciliation;

import dev.settle.support.Api;

/** {@link Reconciliation}'s helpers for tests in other packages. */
public final class ReconciliationTestAccess {

    private ReconciliationTestAccess() {
    }

    public static Api.Response awaitRun(Api api, String key, String runId) {
        return Reconciliation.awaitRun(api, key, runId);
    }
}
