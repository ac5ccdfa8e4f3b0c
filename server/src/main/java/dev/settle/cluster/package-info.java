/**
 * The nodes of a cluster telling each other what is node-local, through RabbitMQ when
 * {@code SETTLE_AMQP_URI} is set: each relay batch (for the event streams connected to other
 * nodes) and each revoked API key (for their key caches and streams). Nothing here is the source
 * of truth: the archive is, and a node that missed a message catches up from it by sequence.
 * Without {@code SETTLE_AMQP_URI} this module defines no bean at all.
 */
@ApplicationModule(allowedDependencies = {"shared", "events", "tenancy"})
@NullMarked
package dev.settle.cluster;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
