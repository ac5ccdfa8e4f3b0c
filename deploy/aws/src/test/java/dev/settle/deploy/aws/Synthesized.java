package dev.settle.deploy.aws;

import java.util.Map;

import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.assertions.Template;

/**
 * The staging and production templates, synthesized once per test JVM (jsii starts Node.js and
 * each synthesis takes seconds). The account and region are fixed so the committed template does
 * not depend on who runs the tests.
 */
final class Synthesized {

    static final Environment ENV = Environment.builder().account("123456789012").region("eu-west-1").build();

    private static Synthesized staging;
    private static Synthesized production;

    final Template main;
    final Template keys;
    final SettleStack stack;

    private Synthesized(Stage stage, boolean atlas) {
        this(stage, atlas, stack -> { });
    }

    Synthesized(Stage stage, boolean atlas, java.util.function.Consumer<SettleStack> change) {
        App app = new App();
        stack = SettleApp.build(app, stage, ENV, atlas);
        change.accept(stack);
        main = Template.fromStack(stack);
        keys = Template.fromStack((software.amazon.awscdk.Stack) stack.getDependencies().get(0));
    }

    static synchronized Synthesized staging() {
        if (staging == null) {
            staging = new Synthesized(Stage.STAGING, false);
        }
        return staging;
    }

    static synchronized Synthesized production() {
        if (production == null) {
            production = new Synthesized(Stage.PRODUCTION, false);
        }
        return production;
    }

    static Synthesized atlas() {
        return new Synthesized(Stage.STAGING, true);
    }

    Map<String, Map<String, Object>> resources() {
        return resources(main);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> resources(Template template) {
        return (Map<String, Map<String, Object>>) template.toJSON().get("Resources");
    }

    /** Both stacks' resources in one map (their logical ids differ). */
    Map<String, Map<String, Object>> allResources() {
        Map<String, Map<String, Object>> all = new java.util.LinkedHashMap<>(resources(keys));
        all.putAll(resources(main));
        return all;
    }
}
