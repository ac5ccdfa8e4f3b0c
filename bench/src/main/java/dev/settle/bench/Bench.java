package dev.settle.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Runs a step-up series of open-loop rates against one target and prints a table.
 *
 * <pre>
 * java -cp ... dev.settle.bench.Bench settle   BASE_URL SECRET_KEY  SECONDS RATE[,RATE...]
 * java -cp ... dev.settle.bench.Bench baseline -           -           SECONDS RATE[,RATE...]
 * </pre>
 *
 * The highest rate with p99 at most 50 ms and no failed or dropped payment is the result.
 */
public final class Bench {

    static final double P99_TARGET_MS = 50.0;
    static final int MAX_IN_FLIGHT = 512;

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        String target = args[0];
        Duration duration = Duration.ofSeconds(Long.parseLong(args[3]));
        int[] rates = Arrays.stream(args[4].split(",")).mapToInt(Integer::parseInt).toArray();
        RawPostgresPayments raw = target.equals("settle") ? null : RawPostgresPayments.start();
        OpenLoop.Operation operation = raw != null ? raw : new SettlePayments(args[1], args[2]);
        try (AutoCloseable resources = raw != null ? raw : () -> { }) {
            // On 2 cores the JIT compiles Settle's hot paths for three to four minutes; measure after that.
            long warmUp = Long.getLong("bench.warmupSeconds", 240);
            System.out.println("warm-up: " + warmUp + " s at " + rates[0] + "/s");
            OpenLoop.run(rates[0], Duration.ofSeconds(warmUp), MAX_IN_FLIGHT, operation);
            CpuUse cpu = raw != null ? new CpuUse(ProcessHandle.current().pid(), raw.dataDir())
                    : new CpuUse(Long.getLong("bench.serverPid", -1), System.getProperty("bench.serverDataDir"));
            List<Step> steps = new ArrayList<>();
            for (int rate : rates) {
                cpu.begin();
                OpenLoop.Result result = OpenLoop.run(rate, duration, MAX_IN_FLIGHT, operation);
                Step step = new Step(result, cpu.end(result.completed()));
                steps.add(step);
                System.out.println(step.row(target));
                if (!result.clean() && result.p99() > 10 * P99_TARGET_MS) {
                    break;
                }
            }
            System.out.println();
            System.out.println("| target | offered/s | achieved/s | p50 ms | p99 ms | max ms | failed | dropped"
                    + " | server CPU ms/payment | generator CPU ms/payment | other processes, % of a core |");
            System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
            steps.forEach(step -> System.out.println(step.row(target)));
            OpenLoop.Result best = steps.stream()
                    .map(Step::result)
                    .filter(result -> result.clean() && result.p99() <= P99_TARGET_MS)
                    .reduce((a, b) -> b.rate() > a.rate() ? b : a)
                    .orElse(null);
            System.out.println();
            System.out.println(best == null
                    ? "RESULT " + target + ": no rate met p99 <= 50 ms with zero errors"
                    : String.format(Locale.ROOT, "RESULT %s: %d %s/s sustained, p50 %.1f ms, p99 %.1f ms",
                            target, best.rate(), SettlePayments.READ ? "reads" : "payments",
                            best.p50(), best.p99()));
        }
    }

    /** One rate's latencies and outcome, and the CPU it took. */
    private record Step(OpenLoop.Result result, CpuUse.Step cpu) {

        String row(String target) {
            return String.format(Locale.ROOT, "| %s | %d | %.0f | %.1f | %.1f | %.1f | %d | %d | %s |", target, result.rate(),
                    result.achievedRate(), result.p50(), result.p99(), result.max(), result.failed(), result.dropped(),
                    cpu.cells());
        }
    }
}
