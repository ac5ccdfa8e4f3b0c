package dev.settle.bench;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Open-loop load: operations start at fixed intended times (rate per second), whatever the
 * system under test does. Latency is measured from the intended start, so a stall shows up in
 * the percentiles instead of silently lowering the offered rate (no coordinated omission).
 * An operation that cannot start because {@code maxInFlight} are already running is dropped.
 */
final class OpenLoop {

    /** One unit of work, e.g. one payment; throws on any failure. */
    interface Operation {
        void run(long sequence) throws Exception;
    }

    record Result(int rate, Duration duration, long completed, long failed, long dropped, Histogram latencies) {

        double achievedRate() {
            return completed / (double) duration.toSeconds();
        }

        double p50() {
            return latencies.getValueAtPercentile(50) / 1000.0;
        }

        double p99() {
            return latencies.getValueAtPercentile(99) / 1000.0;
        }

        double max() {
            return latencies.getMaxValue() / 1000.0;
        }

        boolean clean() {
            return failed == 0 && dropped == 0;
        }
    }

    /** With -Dbench.timeline=true: the worst latency per 100 ms of intended start, printed after each run. */
    private static AtomicLongArray TIMELINE;

    private OpenLoop() {
    }

    static Result run(int rate, Duration duration, int maxInFlight, Operation operation) throws InterruptedException {
        Recorder recorder = new Recorder(3);
        AtomicLong completed = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong dropped = new AtomicLong();
        AtomicLong firstError = new AtomicLong();
        Semaphore inFlight = new Semaphore(maxInFlight);
        long intervalNanos = 1_000_000_000L / rate;
        long total = rate * duration.toSeconds();
        long start = System.nanoTime() + 50_000_000L;
        TIMELINE = Boolean.getBoolean("bench.timeline") ? new AtomicLongArray(6000) : null;
        // Platform threads (at most maxInFlight busy at once): both targets block in their
        // clients, and a platform thread waits in the kernel without the virtual-thread
        // scheduler's wake-ups, which cost the generator CPU that Settle shares.
        try (ExecutorService workers = Executors.newCachedThreadPool()) {
            for (long i = 0; i < total; i++) {
                long intended = start + i * intervalNanos;
                long wait = intended - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                if (!inFlight.tryAcquire()) {
                    dropped.incrementAndGet();
                    continue;
                }
                long sequence = i;
                workers.execute(() -> {
                    try {
                        operation.run(sequence);
                        long micros = Math.max(1, (System.nanoTime() - intended) / 1000);
                        recorder.recordValue(micros);
                        if (TIMELINE != null) {
                            TIMELINE.accumulateAndGet((int) Math.min(TIMELINE.length() - 1, (intended - start) / 100_000_000L), micros, Math::max);
                        }
                        completed.incrementAndGet();
                    } catch (Exception e) {
                        if (firstError.compareAndSet(0, 1)) {
                            System.err.println("  first failure: " + e);
                        }
                        failed.incrementAndGet();
                    } finally {
                        inFlight.release();
                    }
                });
            }
            workers.shutdown();
            workers.awaitTermination(60, TimeUnit.SECONDS);
        }
        if (TIMELINE != null) {
            StringBuilder line = new StringBuilder("  worst ms per 100 ms:");
            for (int slot = 0; slot < Math.min(TIMELINE.length(), duration.toSeconds() * 10); slot++) {
                line.append(slot % 10 == 0 ? " |" : " ").append(TIMELINE.get(slot) / 1000);
            }
            System.err.println(line);
        }
        return new Result(rate, duration, completed.get(), failed.get(), dropped.get(), recorder.getIntervalHistogram());
    }
}
