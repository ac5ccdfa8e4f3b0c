package dev.settle.deploy.aws;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Renders CloudFormation values to text a test can match: {@code {"Ref": "X"}} becomes {@code ${X}}. */
final class Cfn {

    private Cfn() {
    }

    @SuppressWarnings("unchecked")
    static String render(Object value) {
        if (value instanceof String text) {
            return text;
        }
        if (value instanceof Number || value instanceof Boolean) {
            return String.valueOf(value);
        }
        if (value instanceof Map<?, ?> map && map.size() == 1) {
            Map.Entry<String, Object> only = ((Map<String, Object>) map).entrySet().iterator().next();
            Object argument = only.getValue();
            return switch (only.getKey()) {
                case "Ref" -> "${" + argument + "}";
                case "Fn::GetAtt" -> "${" + ((List<Object>) argument).stream().map(Cfn::render).collect(Collectors.joining(".")) + "}";
                case "Fn::ImportValue" -> "${import:" + render(argument) + "}";
                case "Fn::Join" -> {
                    List<Object> join = (List<Object>) argument;
                    yield ((List<Object>) join.get(1)).stream().map(Cfn::render).collect(Collectors.joining(render(join.get(0))));
                }
                case "Fn::Select" -> "${select:" + render(((List<Object>) argument).get(0)) + ":" + render(((List<Object>) argument).get(1)) + "}";
                default -> "${" + only.getKey() + ":" + argument + "}";
            };
        }
        return String.valueOf(value);
    }

    /** A logical id without CDK's path prefix and hash suffix: {@code NetworkNodes23796194} → {@code Nodes}. */
    static String shortName(String logicalId, String prefix) {
        String name = logicalId.startsWith(prefix) ? logicalId.substring(prefix.length()) : logicalId;
        return name.replaceAll("[0-9A-F]{8}$", "");
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        if (value == null) {
            return List.of();
        }
        return value instanceof List<?> list ? (List<Object>) list : List.of(value);
    }
}
