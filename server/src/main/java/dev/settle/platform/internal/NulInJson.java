package dev.settle.platform.internal;

import java.util.ArrayDeque;
import java.util.Deque;

import org.jspecify.annotations.Nullable;

import dev.settle.shared.InvalidRequestException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.json.JsonFactory;

/** Finds the first string in a JSON body that holds a NUL character, and names its parameter. */
final class NulInJson {

    static final String DETAIL = "Invalid value for %s: text may not contain the NUL character (\\u0000).";
    private static final JsonFactory JSON = new JsonFactory();
    private static final byte[] ESCAPE = {'\\', 'u', '0', '0', '0', '0'};

    private NulInJson() {
    }

    /** Cheap pre-check: a raw NUL byte or the escape's six characters somewhere in the bytes. */
    static boolean mayHold(byte[] body) {
        for (int i = 0; i < body.length; i++) {
            if (body[i] == 0) {
                return true;
            }
            if (body[i] == '\\' && i + ESCAPE.length <= body.length && java.util.Arrays.equals(body, i, i + ESCAPE.length, ESCAPE, 0,
                    ESCAPE.length)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Walks the tokens; the refusal names the field ({@code metadata[k]}), or the object for a NUL
     * in a key. Null when no decoded string holds a NUL ({@code "\\u0000"} is a backslash and
     * text) or when the body is not JSON, which the JSON reader refuses later with its own code.
     */
    static @Nullable InvalidRequestException find(byte[] body) {
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), body)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if ((token == JsonToken.VALUE_STRING || token == JsonToken.PROPERTY_NAME) && parser.getString().indexOf('\0') >= 0) {
                    String param = param(parser.streamReadContext(), token == JsonToken.PROPERTY_NAME);
                    return InvalidRequestException.invalidParam(param, DETAIL.formatted(param.isEmpty() ? "the body" : param));
                }
            }
            return null;
        } catch (JacksonException notJson) {
            return null;
        }
    }

    private static String param(TokenStreamContext context, boolean inKey) {
        Deque<String> parts = new ArrayDeque<>();
        for (TokenStreamContext at = inKey ? context.getParent() : context; at != null && !at.inRoot(); at = at.getParent()) {
            if (at.inArray()) {
                parts.push(String.valueOf(at.getCurrentIndex()));
            } else if (at.currentName() != null) {
                parts.push(at.currentName());
            }
        }
        StringBuilder param = new StringBuilder();
        for (String part : parts) {
            param.append(param.isEmpty() ? part : "[" + part + "]");
        }
        return param.toString();
    }
}
