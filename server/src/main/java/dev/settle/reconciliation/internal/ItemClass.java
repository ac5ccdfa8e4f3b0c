package dev.settle.reconciliation.internal;

import java.util.Arrays;
import java.util.List;

/** What a run found for one report line or one entry of Settle's books (docs/reconciliation.md). */
enum ItemClass {
    MATCHED,
    AMOUNT_MISMATCH,
    FEE_MISMATCH,
    CURRENCY_MISMATCH,
    MISSING_IN_REPORT,
    MISSING_INTERNALLY,
    DUPLICATE,
    EXPECTED;

    String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** A discrepancy is what a person may need to resolve; matched and expected are not. */
    boolean discrepancy() {
        return this != MATCHED && this != EXPECTED;
    }

    static List<String> codes() {
        return Arrays.stream(values()).map(ItemClass::code).toList();
    }
}
