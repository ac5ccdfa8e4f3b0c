package dev.settle.platform.fuzz;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.settle.platform.fuzz.FuzzRequest.Scope;
import dev.settle.support.Api;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Generates the requests: for every operation, fixed cases (each kind of bad input once per
 * field, parameter and id) and then seeded random ones until the run reaches its size.
 */
final class FuzzCases {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String JSON = "application/json";
    /** Ids that exist nowhere, already percent-encoded where they must be. */
    private static final List<String> BAD_IDS = List.of("x", "cus_doesnotexist000000", "a".repeat(300), enc("ü€😀"), "..%2Fx",
            "%2e%2e%2fx", "%2E%2E%2F%2E%2E%2Fetc%2Fpasswd", "a%2Fb", "%00", "cus_%00", "a%5Cb", "%252e%252e%252f", "%20",
            enc("' OR 1=1--"), enc("1;DROP TABLE customers"), "null", "-1", "0", "99999999999999999999999", enc("<script>"));
    private static final List<String> MALFORMED = List.of("{", "{\"a\":", "{\"a\":1,}", "[]", "[1,2]", "\"str\"", "42", "true",
            "{} {}", "{\"a\":1}garbage", "{'a':1}", "{a:1}", "{\"a\":NaN}", "{\"a\":Infinity}", "{\"a\":01}",
            "{\"a\":1e999999}", "[".repeat(5000) + "]".repeat(5000), "{\"a\":" + "[".repeat(2000) + "]".repeat(2000) + "}",
            "{\"a\":\"\\x\"}", "{\"a\":\"\\ud800\"", "\u0000", "{\"a\":\"" + "\n" + "\"}");
    private static final List<String[]> CONTENT_TYPES = List.of(new String[] {"text/plain", null},
            new String[] {"application/xml", "<a>1</a>"}, new String[] {"application/x-www-form-urlencoded", "name=x&amount=1"},
            new String[] {"multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--x--"},
            new String[] {"", null}, new String[] {"application/octet-stream", null}, new String[] {"image/png", null},
            new String[] {"application/json; charset=nonsense", null});

    /** Body fields that name an object, by the prefix of that object's ids. */
    private static final Map<String, String> ID_FIELDS = Map.of("customer", "cus", "payment_method", "pm", "payment_intent", "pi",
            "charge", "ch", "event", "evt");

    private final FuzzWorld mine;
    private final FuzzWorld other;
    private final FuzzWorld boundary;
    private final Random random;
    private final List<FuzzRequest> cases = new ArrayList<>();

    FuzzCases(FuzzWorld mine, FuzzWorld other, FuzzWorld boundary, long seed) {
        this.mine = mine;
        this.other = other;
        this.boundary = boundary;
        this.random = new Random(seed);
    }

    List<FuzzRequest> generate(List<Operation> operations, int atLeast) {
        for (Operation operation : operations) {
            fixed(operation);
        }
        List<Operation> bodies = operations.stream().filter(Operation::hasBody).toList();
        for (int i = 0; cases.size() < atLeast; i++) {
            Operation operation = i % 3 == 2 ? operations.get(random.nextInt(operations.size())) : bodies.get(random.nextInt(bodies.size()));
            randomCase(operation);
        }
        return cases;
    }

    private void fixed(Operation operation) {
        String valid = path(operation, mine);
        for (String id : BAD_IDS) {
            badId(operation, id, "bad id " + id);
        }
        if (!operation.pathParams().isEmpty() && !operation.isOperator()) {
            badId(operation, other.idFor(operation.template()), "another account's id");
            for (String wrongType : mine.ids().values()) {
                if (!wrongType.equals(mine.idFor(operation.template())) && !wrongType.equals(mine.account().id())) {
                    badId(operation, wrongType, "own id of another type");
                }
            }
        }
        if (operation.template().contains("{keyId}")) {
            add(Scope.INVALID, operation, "another account's key", operation.method(),
                    valid.replace(mine.keyId(), other.keyId()), JSON, body(operation, mine), Map.of());
        }
        add(Scope.INVALID, operation, "unknown query parameter", operation.method(), valid + "?zz_unknown=1", JSON, body(operation, mine),
                Map.of());
        add(Scope.INVALID, operation, "PUT", "PUT", valid, JSON, body(operation, mine), Map.of());
        add(Scope.INVALID, operation, "PATCH", "PATCH", valid, JSON, body(operation, mine), Map.of());
        if (!operation.isOperator() && !operation.template().startsWith("/v1/inbound")) {
            add(Scope.INVALID, operation, "no key", operation.method(), valid, JSON, body(operation, mine), Map.of("Authorization", ""));
            add(Scope.INVALID, operation, "garbage key", operation.method(), valid, JSON, body(operation, mine),
                    Map.of("Authorization", "Bearer sk_test_" + "0".repeat(32)));
        }
        queries(operation, valid);
        if (operation.hasBody()) {
            bodies(operation, valid);
        } else if (operation.method().equals("POST")) {
            add(Scope.BOUNDARY, operation, "body to a route that takes none", "POST", path(operation, boundary), JSON,
                    "{\"zz\":1}".getBytes(StandardCharsets.UTF_8), Map.of());
        }
    }

    private void badId(Operation operation, String id, String label) {
        if (operation.pathParams().isEmpty()) {
            return;
        }
        String last = operation.pathParams().getLast();
        String path = path(operation, mine).replace(value(operation, mine, last), id);
        add(Scope.INVALID, operation, label, operation.method(), path, JSON, body(operation, mine), Map.of());
    }

    private void queries(Operation operation, String valid) {
        for (var parameter : operation.queryParams().entrySet()) {
            String name = enc(parameter.getKey());
            List<String> values = new ArrayList<>(List.of("%00", "a%00b", enc("ü€😀"), "a".repeat(2000), "-1", "0", "1.5", "abc",
                    "99999999999999999999", "", enc("' OR 1=1--"), "%2e%2e%2f", other.ids().get("cus"), other.ids().get("pi"),
                    other.ids().get("we"), other.ids().get("evt")));
            for (String value : values) {
                add(Scope.INVALID, operation, "query " + parameter.getKey() + "=" + value, operation.method(), valid + "?" + name + "=" + value,
                        JSON, body(operation, mine), Map.of());
            }
            add(Scope.INVALID, operation, "query repeated", operation.method(), valid + "?" + name + "=1&" + name + "=2", JSON,
                    body(operation, mine), Map.of());
        }
    }

    private void bodies(Operation operation, String valid) {
        for (String malformed : MALFORMED) {
            add(Scope.INVALID, operation, "malformed JSON", "POST", valid, JSON, malformed.getBytes(StandardCharsets.UTF_8), Map.of());
        }
        add(Scope.INVALID, operation, "invalid UTF-8", "POST", valid, JSON, new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3,
                (byte) 0x28, '"', '}'}, Map.of());
        for (String[] type : CONTENT_TYPES) {
            byte[] content = (type[1] != null ? type[1] : BaseBodies.of(operation, mine).toString()).getBytes(StandardCharsets.UTF_8);
            add(Scope.INVALID, operation, "content type " + type[0], "POST", valid, type[0], content, Map.of());
        }
        for (String key : operation.isOperator() ? List.<String>of() : List.of("", "k".repeat(256), "a b")) {
            add(Scope.INVALID, operation, "bad Idempotency-Key", "POST", valid, JSON, body(operation, mine), Map.of("Idempotency-Key", key));
        }
        for (String extra : List.of("zz_unknown", "__proto__", "", "AMOUNT", "constructor", "id", "object", "created")) {
            if (!operation.bodyFields().containsKey(extra)) {
                ObjectNode body = BaseBodies.of(operation, mine);
                body.put(extra, 1);
                add(Scope.INVALID, operation, "unknown field " + extra, "POST", valid, JSON, bytes(body), Map.of());
            }
        }
        operation.bodyFields().forEach((name, field) -> {
            for (JsonNode wrong : Values.wrongTypes(field, random)) {
                mutate(operation, valid, name, null, wrong, Scope.INVALID);
            }
            if (field.type().equals("string")) {
                for (String nul : List.of("\u0000", "a\u0000b", "\u0000" + "x".repeat(50))) {
                    mutate(operation, valid, name, null, NODES.stringNode(nul), Scope.INVALID);
                }
                for (String prefix : List.of("cus", "pm", "pi", "ch", "evt", "re")) {
                    if (ID_FIELDS.containsKey(name)) {
                        mutate(operation, valid, name, null, NODES.stringNode(other.ids().get(prefix)), Scope.INVALID);
                    }
                }
                if (ID_FIELDS.containsKey(name)) {
                    mutate(operation, valid, name, null, NODES.stringNode(ID_FIELDS.get(name) + "_doesnotexist0000"), Scope.INVALID);
                }
            }
            field.properties().forEach((inner, innerField) -> {
                for (JsonNode wrong : Values.wrongTypes(innerField, random)) {
                    mutate(operation, valid, name, inner, wrong, Scope.INVALID);
                }
                for (JsonNode edge : Values.boundaries(innerField, random)) {
                    mutate(operation, path(operation, boundary), name, inner, edge, Scope.BOUNDARY);
                }
            });
            for (JsonNode edge : Values.boundaries(field, random)) {
                mutate(operation, path(operation, boundary), name, null, edge, Scope.BOUNDARY);
            }
        });
        for (String empty : List.of("", " ", "null")) {
            add(Scope.BOUNDARY, operation, "empty body " + empty, "POST", path(operation, boundary), JSON,
                    empty.getBytes(StandardCharsets.UTF_8), Map.of());
        }
        add(Scope.BOUNDARY, operation, "empty object", "POST", path(operation, boundary), JSON, "{}".getBytes(StandardCharsets.UTF_8),
                Map.of());
        String duplicate = BaseBodies.of(operation, boundary).toString().replaceFirst("^\\{", "{\"metadata\":{\"d\":\"1\"},");
        add(Scope.BOUNDARY, operation, "duplicate key", "POST", path(operation, boundary), JSON, duplicate.getBytes(StandardCharsets.UTF_8),
                Map.of());
    }

    /** Sets one field (or one field of a nested object) of the base body; the request only an invalid id makes wrong. */
    private void mutate(Operation operation, String path, String name, String inner, JsonNode value, Scope scope) {
        FuzzWorld world = scope == Scope.INVALID ? mine : boundary;
        ObjectNode body = BaseBodies.of(operation, world);
        if (inner == null) {
            body.set(name, value);
        } else {
            JsonNode parent = body.path(name);
            ObjectNode object = parent instanceof ObjectNode existing ? existing : body.putObject(name);
            object.set(inner, value);
        }
        add(scope, operation, name + (inner == null ? "" : "[" + inner + "]") + "=" + Values.shortText(value), "POST", path, JSON,
                bytes(body), Map.of());
    }

    private void randomCase(Operation operation) {
        int kind = random.nextInt(5);
        String valid = path(operation, mine);
        if (!operation.hasBody() || kind == 0) {
            if (!operation.queryParams().isEmpty() && random.nextBoolean()) {
                List<String> names = List.copyOf(operation.queryParams().keySet());
                String name = names.get(random.nextInt(names.size()));
                add(Scope.INVALID, operation, "random query", operation.method(), valid + "?" + enc(name) + "=" + enc(Values.randomText(random,
                        40)) + (random.nextBoolean() ? "%00" : ""), JSON, body(operation, mine), Map.of());
            } else {
                badId(operation, enc(Values.randomText(random, 60)), "random id");
                if (operation.pathParams().isEmpty()) {
                    add(Scope.INVALID, operation, "random unknown query", operation.method(), valid + "?" + "zz" + random.nextInt(1000) + "=1",
                            JSON, body(operation, mine), Map.of());
                }
            }
            return;
        }
        List<String> names = List.copyOf(operation.bodyFields().keySet());
        String name = names.get(random.nextInt(names.size()));
        Operation.Field field = operation.bodyFields().get(name);
        switch (kind) {
            case 1 -> {
                List<JsonNode> wrong = Values.wrongTypes(field, random);
                mutate(operation, valid, name, null, wrong.get(random.nextInt(wrong.size())), Scope.INVALID);
            }
            case 2 -> {
                String text = BaseBodies.of(operation, mine).toString();
                add(Scope.INVALID, operation, "truncated JSON", "POST", valid, JSON,
                        text.substring(0, 1 + random.nextInt(text.length() - 1)).getBytes(StandardCharsets.UTF_8), Map.of());
            }
            case 3 -> {
                ObjectNode body = BaseBodies.of(operation, mine);
                body.set("zz_" + Integer.toString(random.nextInt(1 << 20), 36), Values.randomValue(random, 3));
                add(Scope.INVALID, operation, "random unknown field", "POST", valid, JSON, bytes(body), Map.of());
            }
            default -> {
                List<JsonNode> edges = Values.boundaries(field, random);
                mutate(operation, path(operation, boundary), name, null, edges.get(random.nextInt(edges.size())), Scope.BOUNDARY);
            }
        }
    }

    private byte[] body(Operation operation, FuzzWorld world) {
        return operation.hasBody() ? bytes(BaseBodies.of(operation, world)) : null;
    }

    private static String path(Operation operation, FuzzWorld world) {
        String path = operation.template();
        for (String parameter : operation.pathParams()) {
            path = path.replace("{" + parameter + "}", value(operation, world, parameter));
        }
        return path;
    }

    private static String value(Operation operation, FuzzWorld world, String parameter) {
        return switch (parameter) {
            case "keyId" -> world.keyId();
            case "accountId" -> world.account().id();
            case "customer" -> world.ids().get("cus");
            case "processor" -> "simulator";
            default -> world.idFor(operation.template());
        };
    }

    private void add(Scope scope, Operation operation, String label, String method, String path, String contentType, byte[] body,
            Map<String, String> headers) {
        if (scope == Scope.BOUNDARY && operation.isOperator()) {
            return; // a valid operator request creates accounts and keys that belong to no fuzzed account
        }
        FuzzWorld world = scope == Scope.INVALID ? mine : boundary;
        String token = operation.isOperator() ? Api.OPERATOR_TOKEN : world.account().testKey();
        cases.add(new FuzzRequest(scope, operation.name(), label, method, path, token, contentType, body, headers));
    }

    private static byte[] bytes(JsonNode body) {
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
