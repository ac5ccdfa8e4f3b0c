package dev.settle.deploy.aws;

import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

/**
 * The CDK app: {@code cdk deploy -c stage=staging} (or production) deploys the stage's keys stack
 * and its main stack (docs/deploy-aws.md). {@code -c documents=atlas} replaces DocumentDB with a
 * MongoDB Atlas URI kept in Secrets Manager.
 */
public final class SettleApp {

    private SettleApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        Stage stage = Stage.named(String.valueOf(app.getNode().tryGetContext("stage") == null ? "staging"
                : app.getNode().tryGetContext("stage")));
        boolean atlas = "atlas".equals(app.getNode().tryGetContext("documents"));
        Environment env = Environment.builder()
                .account(System.getenv("CDK_DEFAULT_ACCOUNT"))
                .region(System.getenv("CDK_DEFAULT_REGION"))
                .build();
        build(app, stage, env, atlas);
        app.synth();
    }

    /** The stage's two stacks, in deploy order. */
    public static SettleStack build(App app, Stage stage, Environment env, boolean atlas) {
        SettleKeysStack keys = new SettleKeysStack(app, "Settle-" + stage.name() + "-keys",
                StackProps.builder().env(env).description("Settle " + stage.name() + ": keys and application secrets").build(), stage);
        SettleStack main = new SettleStack(app, "Settle-" + stage.name(),
                StackProps.builder().env(env).description("Settle " + stage.name() + ": network, data services, nodes, alarms")
                        .terminationProtection(stage.production()).build(), stage, keys, atlas);
        main.addStackDependency(keys);
        return main;
    }
}
