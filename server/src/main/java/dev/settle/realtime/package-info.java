/**
 * The real-time event stream: {@code GET /v1/stream} upgrades to a WebSocket that sends an
 * account's events as they are relayed, filtered by type patterns or object, resumable from a
 * sequence number (replay from the archive, then live, without a gap or a repeat). Fed in-process
 * by {@link dev.settle.events.EventsRelayed}, and in a cluster by the other nodes' batches
 * ({@link dev.settle.events.EventsRelayedElsewhere}, through RabbitMQ); gaps are read from the
 * archive by sequence.
 */
@ApplicationModule(allowedDependencies = {"shared", "platform", "tenancy", "events"})
@NullMarked
package dev.settle.realtime;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
