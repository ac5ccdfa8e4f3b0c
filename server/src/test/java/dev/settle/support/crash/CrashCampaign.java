package dev.settle.support.crash;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import dev.settle.support.Api;

/**
 * A fault campaign from outside the JVM (DESIGN.md, robustness rule 5): Settle runs as its own
 * process on embedded defaults, one data folder for the whole campaign, under concurrent payments,
 * refunds and webhook deliveries; each round kills -9 its JVM or its PostgreSQL's postmaster at a
 * random moment, lets it recover and settle, and checks that nothing acknowledged was lost and
 * nothing was charged or posted twice. Prints each round and ends with
 * {@code rounds run: N, violations: M}; exits 1 on any violation.
 *
 * <pre>
 * java -cp &lt;server test class path&gt; dev.settle.support.crash.CrashCampaign \
 *     --launch=jar:server/target/settle.jar --data=/tmp/campaign --rounds=20 [--faults=jvm,postmaster] [--seed=N] \
 *     [--clients=6] [--load=3-10] [--settle-within=120] [-Xmx1g ...] [--settle.x.y=... passed to Settle]
 * </pre>
 * {@code --launch=classpath} runs Settle from this JVM's class path instead of a jar; {@code --faults}
 * is the cycle of what each round kills; {@code --load} the range, in seconds, the kill comes in.
 */
public final class CrashCampaign {

    /**
     * @param launch        how to run Settle up to its arguments: java, its JVM options, and the jar or the class path
     * @param minLoad       shortest load before the kill; the kill comes at a random moment up to {@code maxLoad}
     * @param settleWithin  how long a round waits for Settle to settle before checking anyway
     */
    public record Options(List<String> launch, Path dataDir, int rounds, List<Round.Fault> faults, long seed, int clients,
            Duration minLoad, Duration maxLoad, Duration settleWithin, List<String> settleArguments) {

        private static final List<String> NAMES = List.of("launch", "data", "rounds", "faults", "seed", "clients", "load",
                "settle-within");

        public static Options parse(String... args) {
            Map<String, String> named = new LinkedHashMap<>();
            List<String> jvm = new ArrayList<>();
            List<String> settle = new ArrayList<>();
            for (String arg : args) {
                if (arg.startsWith("--settle.") || arg.startsWith("--server.") || arg.startsWith("--logging.")) {
                    settle.add(arg);
                } else if (arg.startsWith("-X") || arg.startsWith("-D")) {
                    jvm.add(arg);
                } else if (arg.startsWith("--") && arg.contains("=") && NAMES.contains(arg.substring(2, arg.indexOf('=')))) {
                    named.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
                } else {
                    throw new IllegalArgumentException("Unknown argument " + arg);
                }
            }
            String java = ProcessHandle.current().info().command().orElse("java");
            List<String> launch = new ArrayList<>(List.of(java));
            launch.addAll(jvm.isEmpty() ? List.of("-Xmx1g") : jvm);
            String how = named.getOrDefault("launch", "classpath");
            if (how.startsWith("jar:")) {
                launch.addAll(List.of("-jar", how.substring(4)));
            } else {
                launch.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.settle.SettleApplication"));
            }
            String[] load = named.getOrDefault("load", "3-10").split("-");
            List<Round.Fault> faults = Arrays.stream(named.getOrDefault("faults", "jvm,postmaster").split(","))
                    .map(fault -> Round.Fault.valueOf(fault.trim().toUpperCase(Locale.ROOT))).toList();
            return new Options(launch, Path.of(named.getOrDefault("data", "target/crash-campaign")).toAbsolutePath(),
                    Integer.parseInt(named.getOrDefault("rounds", "20")), faults,
                    Long.parseLong(named.getOrDefault("seed", Long.toString(System.nanoTime()))),
                    Integer.parseInt(named.getOrDefault("clients", "6")),
                    Duration.ofSeconds(Long.parseLong(load[0])), Duration.ofSeconds(Long.parseLong(load[load.length - 1])),
                    Duration.ofSeconds(Long.parseLong(named.getOrDefault("settle-within", "120"))), settle);
        }
    }

    /** Every distinct violation found, in the order found. */
    public record Outcome(int rounds, List<String> violations) {
    }

    private final Options options;
    private final PrintStream out;

    public CrashCampaign(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        Outcome outcome = new CrashCampaign(Options.parse(args), System.out).run();
        System.exit(outcome.violations().isEmpty() ? 0 : 1);
    }

    public Outcome run() throws Exception {
        out.printf("Crash campaign: %d rounds, seed %d, %d clients, data in %s%nSettle: %s%n", options.rounds(), options.seed(),
                options.clients(), options.dataDir(), String.join(" ", options.launch()).replaceAll("-cp \\S+", "-cp <class path>"));
        Random random = new Random(options.seed());
        Findings findings = new Findings(out);
        Timings timings = new Timings();
        Instant begun = Instant.now();
        int played = 0;
        try (Receiver receiver = Receiver.start();
                SettleNode node = new SettleNode(options.launch(), options.dataDir(), options.settleArguments())) {
            Round.start(node, "first start", "round 0", timings, findings, out);
            Api api = node.api();
            Api.Account account = api.newAccount();
            Api.Response endpoint = api.post("/v1/webhook_endpoints", account.testKey(),
                    "{\"url\":\"" + receiver.url() + "\",\"enabled_events\":[\"*\"]}");
            if (endpoint.status() != 200) {
                throw new IllegalStateException("Could not register the webhook endpoint: " + endpoint);
            }
            Acknowledged acknowledged = new Acknowledged();
            Checks checks = new Checks(node, account.testKey(), account.id(), endpoint.text("id"), receiver, acknowledged);
            Round round = new Round(options, node, account.testKey(), acknowledged, checks, timings, findings, out, random);
            String leftSettle = "running";
            int postmasterRounds = 0;
            for (int number = 1; number <= options.rounds() && !findings.aborted(); number++) {
                Round.Fault fault = options.faults().get((number - 1) % options.faults().size());
                out.printf("%nround %d/%d: kill -9 of the %s%n", number, options.rounds(),
                        fault == Round.Fault.JVM ? "JVM" : "postmaster");
                // After a postmaster round Settle is stopped, gracefully or not, for the next round to start it
                // again; after the last, the campaign stops it.
                Round.Ending ending = number == options.rounds() || fault == Round.Fault.JVM ? Round.Ending.KEEP_RUNNING
                        : postmasterRounds++ % 2 == 0 ? Round.Ending.STOP : Round.Ending.KILL;
                try {
                    if (!node.alive()) {
                        Round.start(node, "start " + leftSettle, "round " + number, timings, findings, out);
                    }
                    leftSettle = round.play(number, fault, ending);
                } catch (Exception aborted) {
                    findings.report("round", List.of(new Violation("campaign aborted", "round " + number, aborted.toString())));
                }
                played = number;
            }
        } finally {
            out.printf("%ncampaign took %s min%n", "%.1f".formatted(Duration.between(begun, Instant.now()).toSeconds() / 60.0));
            timings.summary().forEach(line -> out.println("  " + line));
            out.printf("rounds run: %d, violations: %d%n", played, findings.all().size());
            out.flush();
        }
        return new Outcome(played, findings.all());
    }
}
