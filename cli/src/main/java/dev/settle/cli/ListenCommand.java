package dev.settle.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * {@code settle listen --forward-to URL}: every event of the stream, POSTed to a local URL as a
 * Standard Webhooks request signed with a secret made for this session, one line per event.
 */
@Command(name = "listen", mixinStandardHelpOptions = true,
        description = {"Forward every event to a local URL as a signed Standard Webhooks request.",
            "Prints the session's signing secret (whsec_...) at start, then one line per event: time, type, id,",
            "sequence, and your endpoint's status and latency. Reconnects and resumes after a drop (a server",
            "restart, say) without missing or repeating an event. Needs a key that reads events."})
final class ListenCommand implements Callable<Integer> {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @ParentCommand
    SettleCli settle;

    @Spec
    CommandSpec spec;

    @Option(names = "--forward-to", required = true, description = "Where to POST each event, e.g. http://localhost:4242/webhooks.")
    URI forwardTo;

    @Option(names = "--events", split = ",", description = "Event types or patterns to forward (payment_intent.*,charge.refunded); default all.")
    List<String> events = List.of();

    @Option(names = "--after-sequence", description = "Also forward the events after this sequence number first (replayed from the archive).")
    Long afterSequence;

    @Option(names = "--secret", description = "Sign with this whsec_ secret instead of a new one per session.")
    String secret;

    @Override
    public Integer call() throws Exception {
        Signer signer = secret == null ? Signer.random() : new Signer(secret);
        var out = spec.commandLine().getOut();
        out.println("> Ready! Your webhook signing secret is " + signer.secret() + " (^C to quit)");
        out.println("> Forwarding events from " + settle.base() + " to " + forwardTo);
        EventStream stream = new EventStream(settle.base(), settle.key(spec), events, afterSequence, spec.commandLine().getErr());
        try {
            return stream.run((event, raw) -> out.println(forward(signer, event, raw)));
        } catch (EventStream.Fatal e) {
            spec.commandLine().getErr().println("Error: " + e.getMessage());
            return e.exitCode;
        }
    }

    private String forward(Signer signer, JsonNode event, String body) throws InterruptedException {
        String id = event.path("id").asString();
        long timestamp = Instant.now().getEpochSecond();
        String line = LocalDateTime.now(ZoneId.systemDefault()).format(TIME) + "   --> " + event.path("type").asString() + " [" + id
                + "] #" + event.path("sequence").asLong();
        long started = System.nanoTime();
        try {
            HttpResponse<Void> response = Api.HTTP.send(HttpRequest.newBuilder(forwardTo)
                    .timeout(Duration.ofSeconds(15))
                    .header("Content-Type", "application/json")
                    .header("webhook-id", id)
                    .header("webhook-timestamp", Long.toString(timestamp))
                    .header("webhook-signature", signer.sign(id, timestamp, body))
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(), HttpResponse.BodyHandlers.discarding());
            return line + "   <-- [" + response.statusCode() + "] POST " + forwardTo + " (" + millis(started) + " ms)";
        } catch (IOException e) {
            return line + "   <-- [ERR] POST " + forwardTo + " failed: " + e + " (" + millis(started) + " ms)";
        }
    }

    private static long millis(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }
}
