package dev.settle.payments;

import java.time.LocalDate;

/** One UTC day of charge attempts in one currency: how many succeeded and failed, and the volume that succeeded. */
public record PaymentActivity(LocalDate day, String currency, long succeeded, long failed, long succeededVolume) {
}
