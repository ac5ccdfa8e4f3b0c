/**
 * The processor connector SPI: what Settle needs of a card processor. Every call that moves
 * money carries an idempotency key towards the processor and a timeout; an answer the
 * processor did not give is {@link dev.settle.payments.spi.ProcessorCharge.Outcome#UNKNOWN},
 * never a failure.
 */
@NamedInterface("spi")
@NullMarked
package dev.settle.payments.spi;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
