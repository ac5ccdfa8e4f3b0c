package dev.settle.platform.fuzz;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** JSON values for a field: of a wrong type (invalid wherever they go), or of its type at the edges. */
final class Values {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] UNICODE = {"Zoë 北京 🙂", "\u202eevil", "zero\u200bwidth", "e\u0301", "\ud83d\ude00\ud83d\ude00",
            "\ud800", "\udfff", "\uffff", "\u0001\u001f", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "ﷺ", "\t\r\n"};

    private Values() {
    }

    static List<JsonNode> wrongTypes(Operation.Field field, Random random) {
        List<JsonNode> values = new ArrayList<>();
        String type = field.type();
        if (!type.equals("string")) {
            values.add(NODES.stringNode("1"));
            values.add(NODES.stringNode(randomText(random, 20)));
        }
        if (!type.equals("integer") && !type.equals("number")) {
            values.add(NODES.numberNode(42));
            values.add(NODES.numberNode(-7.25));
        }
        if (!type.equals("boolean")) {
            values.add(NODES.booleanNode(true));
        }
        if (!type.equals("object")) {
            values.add(NODES.objectNode().put("a", 1));
        }
        if (!type.equals("array")) {
            values.add(NODES.arrayNode().add("x"));
        }
        switch (type) {
            case "integer" -> {
                values.add(NODES.numberNode(new BigInteger("99999999999999999999")));
                values.add(NODES.numberNode(new BigInteger("-99999999999999999999")));
                values.add(NODES.numberNode(new BigInteger("1" + "0".repeat(300))));
                values.add(NODES.numberNode(1.5));
                values.add(NODES.numberNode(1e30));
            }
            case "array" -> {
                ArrayNode wrongItems = NODES.arrayNode();
                if (field.itemType().equals("string")) {
                    wrongItems.add(1).add(NODES.objectNode());
                } else {
                    wrongItems.add("x").add(true);
                }
                values.add(wrongItems);
                values.add(NODES.arrayNode().add(NODES.arrayNode()));
            }
            case "object" -> {
                if (field.properties().isEmpty()) {
                    values.add(NODES.objectNode().put("n", 1));
                    values.add(NODES.objectNode().set("o", NODES.objectNode()));
                    values.add(NODES.objectNode().put("t", true));
                }
            }
            default -> {
            }
        }
        return values;
    }

    static List<JsonNode> boundaries(Operation.Field field, Random random) {
        List<JsonNode> values = new ArrayList<>();
        values.add(NODES.nullNode());
        switch (field.type()) {
            case "string" -> {
                values.add(NODES.stringNode(""));
                values.add(NODES.stringNode(" "));
                values.add(NODES.stringNode("x".repeat(5000)));
                values.add(NODES.stringNode(randomText(random, 300)));
                for (String text : UNICODE) {
                    values.add(NODES.stringNode(text));
                }
            }
            case "integer", "number" -> {
                for (long number : new long[] {0, -1, 1, Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE,
                        random.nextLong()}) {
                    values.add(NODES.numberNode(number));
                }
            }
            case "boolean" -> {
                values.add(NODES.booleanNode(true));
                values.add(NODES.booleanNode(false));
            }
            case "array" -> {
                values.add(NODES.arrayNode());
                ArrayNode many = NODES.arrayNode();
                for (int i = 0; i < 1000; i++) {
                    many.add(field.itemType().equals("integer") ? NODES.numberNode(i) : NODES.stringNode("e" + i));
                }
                values.add(many);
                values.add(field.itemType().equals("integer") ? NODES.arrayNode().add(-1).add(Long.MAX_VALUE)
                        : NODES.arrayNode().add("").add(UNICODE[random.nextInt(UNICODE.length)]));
            }
            default -> {
                values.add(NODES.objectNode());
                ObjectNode many = NODES.objectNode();
                for (int i = 0; i < 60; i++) {
                    many.put("k" + i, "v");
                }
                values.add(many);
                values.add(NODES.objectNode().put(UNICODE[random.nextInt(UNICODE.length)], UNICODE[random.nextInt(UNICODE.length)]));
                values.add(NODES.objectNode().put("k", ""));
            }
        }
        return values;
    }

    static String randomText(Random random, int maxLength) {
        int length = random.nextInt(maxLength + 1);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int pick = random.nextInt(10);
            if (pick < 5) {
                text.append((char) (0x20 + random.nextInt(0x5f)));
            } else if (pick < 8) {
                text.appendCodePoint(0xa0 + random.nextInt(0x2fff));
            } else if (pick < 9) {
                text.append(UNICODE[random.nextInt(UNICODE.length)]);
            } else {
                text.appendCodePoint(0x1f300 + random.nextInt(0x200));
            }
        }
        return text.toString();
    }

    static JsonNode randomValue(Random random, int depth) {
        return switch (depth <= 0 ? random.nextInt(4) : random.nextInt(6)) {
            case 0 -> NODES.stringNode(randomText(random, 30));
            case 1 -> NODES.numberNode(random.nextLong());
            case 2 -> NODES.booleanNode(random.nextBoolean());
            case 3 -> NODES.nullNode();
            case 4 -> {
                ArrayNode array = NODES.arrayNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    array.add(randomValue(random, depth - 1));
                }
                yield array;
            }
            default -> {
                ObjectNode object = NODES.objectNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    object.set(randomText(random, 8), randomValue(random, depth - 1));
                }
                yield object;
            }
        };
    }

    static String shortText(JsonNode value) {
        String text = value.toString();
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}
