package dev.settle.cli;

import java.io.PrintWriter;
import java.net.URI;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code settle}: Settle's real-time stream on the command line. Global options name the server
 * and the key; the subcommands do the work.
 *
 * <p>Exit codes: 0 done (or stopped with Ctrl-C), 1 failure (server unreachable where that is
 * fatal, an API error), 2 bad usage, 3 credentials refused (401/403, or the key revoked while
 * streaming).
 */
@Command(name = "settle", mixinStandardHelpOptions = true, version = "settle 0.1.0",
        description = "Settle on the command line: forward events to a local URL, trigger test events, tail the stream.",
        subcommands = {ListenCommand.class, TriggerCommand.class, EventsCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {" 0:Done, or stopped with Ctrl-C.", " 1:Failed (see the message).", " 2:Bad usage.",
            " 3:The server refused the key (401/403), or revoked it while streaming."})
public final class SettleCli {

    static final int AUTH_REFUSED = 3;

    @Option(names = "--api-base", scope = CommandLine.ScopeType.INHERIT, defaultValue = "${env:SETTLE_API_BASE:-http://localhost:8080}",
            description = "Settle's base URL (env SETTLE_API_BASE; default ${DEFAULT-VALUE}).")
    String apiBase;

    @Option(names = "--api-key", scope = CommandLine.ScopeType.INHERIT, defaultValue = "${env:SETTLE_API_KEY}",
            description = "A secret key, or a restricted key with the scopes the command needs (env SETTLE_API_KEY).")
    String apiKey;

    /** The key, or a usage error naming where it comes from. */
    String key(CommandLine.Model.CommandSpec spec) {
        if (apiKey == null || apiKey.isBlank()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing API key: pass --api-key or set SETTLE_API_KEY.");
        }
        return apiKey;
    }

    URI base() {
        return URI.create(apiBase.endsWith("/") ? apiBase.substring(0, apiBase.length() - 1) : apiBase);
    }

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the command line with these outputs; returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new SettleCli());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("Error: " + e.getMessage());
            return e instanceof Api.Refused ? AUTH_REFUSED : 1;
        });
        return commandLine.execute(args);
    }
}
