package dev.settle.platform;

/**
 * Told at the end of every {@link Phases#committed phase}, inside its transaction, just before
 * it commits: a module whose own writes must commit with whatever work a request commits first
 * (the idempotency key a request runs under) adds them here.
 */
public interface PhaseCommitListener {

    void beforePhaseCommit();
}
