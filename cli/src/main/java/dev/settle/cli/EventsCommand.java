package dev.settle.cli;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code settle events tail}: the live stream on the terminal. */
@Command(name = "events", mixinStandardHelpOptions = true, description = "The event log.",
        subcommands = {EventsCommand.Tail.class, CommandLine.HelpCommand.class})
final class EventsCommand {

    @ParentCommand
    SettleCli settle;

    @Command(name = "tail", mixinStandardHelpOptions = true,
            description = {"Print events as they happen, one line each (or the event JSON with --json).",
                "Reconnects and resumes after a drop without missing or repeating an event."})
    static final class Tail implements Callable<Integer> {

        private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

        @ParentCommand
        EventsCommand events;

        @Spec
        CommandSpec spec;

        @Option(names = "--events", split = ",", description = "Event types or patterns (payment_intent.*,charge.refunded); default all.")
        List<String> types = List.of();

        @Option(names = "--after-sequence", description = "Start with the events after this sequence number (replayed).")
        Long afterSequence;

        @Option(names = "--json", description = "Print each event's JSON, one per line, exactly as the server sent it.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            var out = spec.commandLine().getOut();
            EventStream stream = new EventStream(events.settle.base(), events.settle.key(spec), types, afterSequence,
                    spec.commandLine().getErr());
            try {
                return stream.run((event, raw) -> out.println(json ? raw
                        : TIME.format(Instant.ofEpochSecond(event.path("created").asLong())) + "  #" + event.path("sequence").asLong()
                                + "  " + event.path("type").asString() + "  " + event.path("id").asString() + "  "
                                + event.path("data").path("object").path("id").asString()));
            } catch (EventStream.Fatal e) {
                spec.commandLine().getErr().println("Error: " + e.getMessage());
                return e.exitCode;
            }
        }
    }
}
