package dev.settle.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The error codes Settle's API can answer, read from its source: every {@code new XException(code, …)}
 * of the {@code shared} exception hierarchy and every problem the exception handler writes itself,
 * each with the HTTP status its class gives it. The simulator (its own server, its own
 * docs/simulator.md) is left out.
 *
 * <p>A code that is not a string literal or a constant of its file can only be read through
 * {@link #PASS_THROUGH}; a site it does not know is reported in {@link #unreadable}, so a new kind of
 * code cannot slip past the docs unseen.
 */
final class EmittedErrorCodes {

    record Code(int status, String code, String where) {
    }

    private static final Path SOURCE = Path.of("src/main/java/dev/settle");
    private static final Pattern CODE_TAKING = Pattern.compile("super\\((\\d{3}), code,");
    private static final Pattern FIXED_CODE = Pattern.compile("super\\((\\d{3}), \"([a-z_]+)\"");
    private static final Pattern SUFFIXED = Pattern.compile("class (\\w+) extends (\\w+)[\\s\\S]*super\\(\\w+ \\+ \"([a-z_]+)\"");
    /** A call of the handler's {@code problem(status, title, code, …)}, not its declaration. */
    private static final Pattern HANDLER_PROBLEM = Pattern.compile("(?<![\\w.])(?<!> )problem\\(\\s*");
    private static final Pattern LITERAL_PROBLEM = Pattern.compile("(\\d{3}),\\s*\"[^\"]*\",\\s*\"([a-z_]+)\"");
    private static final Pattern CONSTANT = Pattern.compile("static final String (\\w+) = \"([a-z_]+)\";");

    /**
     * Codes handed on from elsewhere, by file and expression. Each entry says where its codes come from.
     */
    private static final Map<String, Function<Map<Path, String>, Set<String>>> PASS_THROUGH = Map.of(
            // A card the processor refused (CardRejectedException): the simulator's POST /v1/tokens
            // refusals (docs/simulator.md), its 404 for an unknown token (card[token]), and the
            // connector's fallback for a 4xx without a code.
            "PaymentMethodService.java: e.code()", sources -> Set.of("invalid_number", "invalid_expiry_month", "invalid_expiry_year",
                    "invalid_cvc", "resource_missing", "card_rejected"),
            // An inbound webhook that does not verify: the codes its connector throws.
            "InboundWebhooks.java: e.code()", sources -> literalsOf(sources, "new WebhookVerificationException\\(\\s*\"([a-z_]+)\""),
            // The handler's own mapping of every ApiException: covered by the scan of their constructors.
            "ApiExceptionHandler.java: e.status()", sources -> Set.of());

    final List<Code> codes = new ArrayList<>();
    final List<String> unreadable = new ArrayList<>();
    private final Map<Path, String> sources = new HashMap<>();

    static EmittedErrorCodes scan() {
        EmittedErrorCodes found = new EmittedErrorCodes();
        try (Stream<Path> files = Files.walk(SOURCE)) {
            files.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> !SOURCE.relativize(file).startsWith("simulator"))
                    .forEach(file -> found.sources.put(file, read(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        found.read();
        return found;
    }

    private void read() {
        Map<String, Integer> codeTaking = new HashMap<>();
        sources.forEach((file, text) -> {
            Matcher taking = CODE_TAKING.matcher(text);
            if (taking.find()) {
                codeTaking.put(className(file), Integer.parseInt(taking.group(1)));
            }
            Matcher fixed = FIXED_CODE.matcher(text);
            if (fixed.find()) {
                codes.add(new Code(Integer.parseInt(fixed.group(1)), fixed.group(2), className(file)));
            }
        });
        sources.forEach((file, text) -> {
            for (var entry : codeTaking.entrySet()) {
                firstArguments(file, text, "new " + entry.getKey() + "\\(\\s*", entry.getValue());
            }
            Matcher suffixed = SUFFIXED.matcher(text);
            if (suffixed.find() && codeTaking.containsKey(suffixed.group(2))) {
                int status = codeTaking.get(suffixed.group(2));
                Matcher uses = Pattern.compile("new " + suffixed.group(1) + "\\(\\s*\"([a-z_]+)\"").matcher("");
                sources.forEach((other, otherText) -> {
                    uses.reset(otherText);
                    while (uses.find()) {
                        codes.add(new Code(status, uses.group(1) + suffixed.group(3), where(other, otherText, uses.start())));
                    }
                });
            }
            if (text.contains("ResponseEntity<ProblemDetail>")) {
                Matcher call = HANDLER_PROBLEM.matcher(text);
                while (call.find()) {
                    Matcher literal = LITERAL_PROBLEM.matcher(text).region(call.end(), text.length());
                    if (literal.lookingAt()) {
                        codes.add(new Code(Integer.parseInt(literal.group(1)), literal.group(2), where(file, text, call.start())));
                    } else {
                        passThrough(file, text, call.start(), firstArgument(text, call.end()), 0);
                    }
                }
            }
        });
    }

    /** The first argument of every {@code new X(…)} in {@code text}: a code, with the class's status. */
    private void firstArguments(Path file, String text, String constructor, int status) {
        Matcher call = Pattern.compile(constructor).matcher(text);
        Map<String, String> constants = new HashMap<>();
        Matcher constant = CONSTANT.matcher(text);
        while (constant.find()) {
            constants.put(constant.group(1), constant.group(2));
        }
        while (call.find()) {
            String argument = firstArgument(text, call.end());
            if (argument.matches("\"[a-z_]+\"")) {
                codes.add(new Code(status, argument.substring(1, argument.length() - 1), where(file, text, call.start())));
            } else if (constants.containsKey(argument)) {
                codes.add(new Code(status, constants.get(argument), where(file, text, call.start())));
            } else {
                passThrough(file, text, call.start(), argument, status);
            }
        }
    }

    private void passThrough(Path file, String text, int at, String argument, int status) {
        String key = file.getFileName() + ": " + argument;
        var known = PASS_THROUGH.get(key);
        if (known == null) {
            unreadable.add(where(file, text, at) + " passes the code " + argument);
            return;
        }
        for (String code : known.apply(sources)) {
            codes.add(new Code(status, code, where(file, text, at) + " (" + argument + ")"));
        }
    }

    /** The text of the argument starting at {@code from}, up to its comma or closing parenthesis. */
    private static String firstArgument(String text, int from) {
        int depth = 0;
        boolean quoted = false;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' && text.charAt(i - 1) != '\\') {
                quoted = !quoted;
            } else if (!quoted && (c == '(' || c == '[')) {
                depth++;
            } else if (!quoted && (c == ')' || c == ']')) {
                if (depth == 0) {
                    return text.substring(from, i).trim();
                }
                depth--;
            } else if (!quoted && c == ',' && depth == 0) {
                return text.substring(from, i).trim();
            }
        }
        throw new IllegalStateException("unbalanced call at " + from);
    }

    private static Set<String> literalsOf(Map<Path, String> sources, String regex) {
        Set<String> found = new TreeSet<>();
        Pattern pattern = Pattern.compile(regex);
        sources.values().forEach(text -> pattern.matcher(text).results().forEach(result -> found.add(result.group(1))));
        return found;
    }

    private static String className(Path file) {
        return file.getFileName().toString().replaceFirst("\\.java$", "");
    }

    private static String where(Path file, String text, int offset) {
        return SOURCE.relativize(file) + ":" + text.substring(0, offset).split("\n", -1).length;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
