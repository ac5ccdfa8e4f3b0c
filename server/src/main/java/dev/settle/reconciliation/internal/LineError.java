package dev.settle.reconciliation.internal;

import org.jspecify.annotations.Nullable;

/** Why one line of a report was refused; the other lines are still taken. */
record LineError(int line, String code, @Nullable String param, String message) {
}
