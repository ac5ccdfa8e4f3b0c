package dev.settle.support.crash;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.settle.support.Api;

/**
 * One round of the campaign: load, a kill -9 at a random moment (of the JVM, or of the embedded
 * PostgreSQL's postmaster), recovery, the cut-off requests sent again, settling, and the checks.
 * A postmaster round ends by stopping the JVM (gracefully or with kill -9), so the next round
 * starts Settle again.
 */
final class Round {

    enum Fault { JVM, POSTMASTER }

    /** How a round leaves Settle: running, stopped with SIGTERM, or killed with SIGKILL. */
    enum Ending { KEEP_RUNNING, STOP, KILL }

    private final CrashCampaign.Options options;
    private final SettleNode node;
    private final String key;
    private final Acknowledged acknowledged;
    private final Checks checks;
    private final Timings timings;
    private final Findings findings;
    private final PrintStream out;
    private final Random random;

    Round(CrashCampaign.Options options, SettleNode node, String key, Acknowledged acknowledged, Checks checks,
            Timings timings, Findings findings, PrintStream out, Random random) {
        this.options = options;
        this.node = node;
        this.key = key;
        this.acknowledged = acknowledged;
        this.checks = checks;
        this.timings = timings;
        this.findings = findings;
        this.out = out;
        this.random = random;
    }

    /** Plays the round and reports what it found; returns how it left Settle ("running", "after a graceful stop", …). */
    String play(int number, Fault fault, Ending ending) throws Exception {
        String subject = "round " + number;
        List<Violation> violations = new ArrayList<>();
        Duration loadFor = Duration.ofMillis(options.minLoad().toMillis()
                + random.nextLong(options.maxLoad().toMillis() - options.minLoad().toMillis() + 1));
        Load load = Load.start(node.api(), key, acknowledged, options.clients(), random.nextLong());
        Thread.sleep(loadFor);
        if (fault == Fault.JVM) {
            out.printf("  kill -9 of the JVM after %s s of load%n", Timings.seconds(loadFor));
            node.killJvm();
            load.stop();
            start(node, "start after kill -9 of the JVM under load", subject, timings, findings, out);
        } else {
            violations.addAll(killPostmaster(loadFor, subject));
            Thread.sleep(2000);
            load.stop();
        }
        out.println("  load: " + load.summary(false));
        violations.addAll(resendCutOff(load));
        violations.addAll(settleAndCheck());
        findings.report("checks", violations);
        return switch (ending) {
            case KEEP_RUNNING -> "running";
            case STOP -> stopGracefully(subject);
            case KILL -> {
                node.killJvm();
                out.println("  then kill -9 of the JVM");
                yield "after kill -9 of the idle JVM";
            }
        };
    }

    /** kill -9 of the postmaster under load; Settle must start it again and serve writes. */
    private List<Violation> killPostmaster(Duration loadFor, String subject) throws Exception {
        long pid = node.killPostmaster();
        Instant killed = Instant.now();
        out.printf("  kill -9 of the postmaster (pid %d) after %s s of load%n", pid, Timings.seconds(loadFor));
        Optional<Duration> back = awaitWrites(node.api(), killed, Duration.ofSeconds(120));
        if (back.isEmpty()) {
            return List.of(new Violation("Settle did not serve writes again after its postmaster was killed", subject,
                    "waited 120 s"));
        }
        timings.add("writes served again after the postmaster was killed", back.get());
        out.printf("  Settle served writes again %s s after the kill (postmaster now pid %s)%n", Timings.seconds(back.get()),
                node.postmaster().map(postmaster -> Long.toString(postmaster.pid())).orElse("none"));
        return List.of();
    }

    private List<Violation> resendCutOff(Load load) throws InterruptedException {
        List<Load.CutOff> cutOff = load.cutOff();
        List<Violation> unanswered = Retries.resend(node.api(), key, cutOff, acknowledged, load);
        if (!cutOff.isEmpty()) {
            out.printf("  %d cut-off requests sent again with their Idempotency-Keys: %s%n", cutOff.size(), load.summary(true));
        }
        return unanswered;
    }

    private List<Violation> settleAndCheck() throws Exception {
        Optional<Duration> settled = checks.awaitSettled(options.settleWithin());
        settled.ifPresent(took -> timings.add("settled after the load", took));
        out.printf("  %s; %s%n", settled.map(took -> "settled after " + Timings.seconds(took) + " s")
                .orElse("still not settled after " + Timings.seconds(options.settleWithin()) + " s"), checks.receiverSummary());
        return checks.run();
    }

    private Optional<Duration> awaitWrites(Api api, Instant killed, Duration within) throws InterruptedException {
        while (Duration.between(killed, Instant.now()).compareTo(within) < 0) {
            try {
                if (api.post("/v1/customers", key, "{\"email\":\"crash@example.com\"}").status() == 200) {
                    return Optional.of(Duration.between(killed, Instant.now()));
                }
            } catch (RuntimeException notYet) {
                // no answer
            }
            Thread.sleep(250);
        }
        return Optional.empty();
    }

    /** SIGTERM: Settle must exit within a minute, and its PostgreSQL with it. */
    private String stopGracefully(String subject) throws Exception {
        List<Violation> violations = new ArrayList<>();
        Optional<ProcessHandle> postmaster = node.postmaster();
        Instant asked = Instant.now();
        if (!node.stop(Duration.ofSeconds(60))) {
            violations.add(new Violation("Settle did not stop within 60 s of SIGTERM", subject, "killed"));
        }
        out.printf("  stopped gracefully in %s s%n", Timings.seconds(Duration.between(asked, Instant.now())));
        if (postmaster.isPresent()) {
            try {
                postmaster.get().onExit().get(10, TimeUnit.SECONDS);
            } catch (TimeoutException stillRunning) {
                violations.add(new Violation("the embedded PostgreSQL outlived a graceful stop of Settle by 10 s", subject,
                        "postmaster pid " + postmaster.get().pid()));
            }
        }
        findings.report("graceful stop", violations);
        return "after a graceful stop";
    }

    /**
     * Starts Settle, which must be ready at the first attempt: a failed start is a violation, and
     * Settle is tried once more before the campaign gives up.
     */
    static void start(SettleNode node, String why, String subject, Timings timings, Findings findings, PrintStream out)
            throws Exception {
        try {
            Duration took = node.start();
            timings.add(why, took);
            out.printf("  %s: ready in %s s (first attempt)%n", why, Timings.seconds(took));
        } catch (IOException failed) {
            findings.add(new Violation("Settle did not start at the first attempt", subject, why + ": " + failed.getMessage()));
            out.printf("  %s: FAILED (%s); trying again%n", why, failed.getMessage());
            Duration took = node.start();
            out.printf("  second attempt ready in %s s%n", Timings.seconds(took));
        }
    }
}
