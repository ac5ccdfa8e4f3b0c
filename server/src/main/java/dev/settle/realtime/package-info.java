/**
 * The real-time event stream: {@code GET /v1/stream} upgrades to a WebSocket that sends an
 * account's events as they are relayed, filtered by type patterns or object, resumable from a
 * sequence number (replay from the archive, then live, without a gap or a repeat). Fed in-process
 * by {@link dev.settle.events.EventsRelayed}, so a stream sees the events relayed on its own node
 * (docs/realtime.md, "Limits").
 */
@ApplicationModule(allowedDependencies = {"shared", "platform", "tenancy", "events"})
@NullMarked
package dev.settle.realtime;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
