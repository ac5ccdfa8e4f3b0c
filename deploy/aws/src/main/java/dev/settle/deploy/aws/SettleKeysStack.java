package dev.settle.deploy.aws;

import java.util.List;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.SecretValue;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.iam.AccountRootPrincipal;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.kms.KeySpec;
import software.amazon.awscdk.services.kms.KeyUsage;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

/**
 * The keys and application secrets of one stage, in a stack of their own because one value must be
 * made between the two deploys: the KMS-wrapped secrets key (docs/deploy-aws.md, step 4). It is
 * wrapped under {@link #envelopeKey()}, which only exists once this stack is deployed, and a Settle
 * node refuses to start without it. Both keys are retained when the stack is deleted: data
 * encrypted under them would otherwise be lost for good.
 */
public final class SettleKeysStack extends Stack {

    /** Written into the wrapped-key secret at creation; a node that reads it refuses to start. */
    public static final String NOT_YET_WRAPPED = "not-yet-wrapped";

    private final Key dataKey;
    private final Key envelopeKey;
    private final Secret operatorToken;
    private final Secret keyPepper;
    private final Secret wrappedSecretsKey;
    private final Secret previousSecretsKeys;

    public SettleKeysStack(Construct scope, String id, StackProps props, Stage stage) {
        super(scope, id, props);
        dataKey = Key.Builder.create(this, "DataKey")
                .alias("alias/" + stage.prefix() + "-data")
                .description("Settle " + stage.name() + ": files bucket, RDS, DocumentDB and ElastiCache storage")
                .enableKeyRotation(true)
                .policy(keyPolicy(List.of("kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo",
                        "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:CreateGrant")))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        envelopeKey = Key.Builder.create(this, "EnvelopeKey")
                .alias("alias/" + stage.prefix() + "-secrets")
                .description("Settle " + stage.name() + ": wraps SETTLE_SECRETS_KEY (platform.KmsSecretKeys unwraps it at start)")
                .keySpec(KeySpec.SYMMETRIC_DEFAULT)
                .keyUsage(KeyUsage.ENCRYPT_DECRYPT)
                .enableKeyRotation(true)
                .pendingWindow(Duration.days(30))
                .policy(keyPolicy(List.of("kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKeyWithoutPlaintext")))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        operatorToken = generated("OperatorToken", stage.prefix() + "/operator-token", "SETTLE_OPERATOR_TOKEN: bearer token of the operator API");
        keyPepper = generated("KeyPepper", stage.prefix() + "/key-pepper", "SETTLE_KEY_PEPPER: API keys are hashed under it; changing it invalidates every key");
        wrappedSecretsKey = Secret.Builder.create(this, "WrappedSecretsKey")
                .secretName(stage.prefix() + "/secrets-key-wrapped")
                .description("SETTLE_SECRETS_KEY as a KMS ciphertext under " + stage.prefix() + "-secrets (docs/deploy-aws.md, step 4)")
                .secretStringValue(SecretValue.unsafePlainText(NOT_YET_WRAPPED))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        previousSecretsKeys = Secret.Builder.create(this, "PreviousSecretsKeys")
                .secretName(stage.prefix() + "/secrets-keys-previous")
                .description("Earlier secrets keys, still read during a rotation: JSON {\"<id>\": \"<KMS ciphertext>\"} (docs/deploy-aws.md)")
                .secretStringValue(SecretValue.unsafePlainText("{}"))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }

    /**
     * The key policy, written out instead of CDK's default ({@code kms:*} for the account): the
     * account may administer the key and may let IAM policies grant exactly these uses of it. Who
     * actually may use it is then decided by IAM (the node role decrypts only).
     */
    private PolicyDocument keyPolicy(List<String> uses) {
        List<String> administration = List.of("kms:DescribeKey", "kms:GetKeyPolicy", "kms:PutKeyPolicy",
                "kms:GetKeyRotationStatus", "kms:EnableKeyRotation", "kms:DisableKeyRotation", "kms:RotateKeyOnDemand",
                "kms:ListKeyRotations", "kms:ListResourceTags", "kms:TagResource", "kms:UntagResource",
                "kms:UpdateKeyDescription", "kms:EnableKey", "kms:DisableKey", "kms:ScheduleKeyDeletion",
                "kms:CancelKeyDeletion", "kms:CreateAlias", "kms:UpdateAlias", "kms:DeleteAlias", "kms:ListAliases",
                "kms:ListGrants", "kms:RevokeGrant", "kms:RetireGrant");
        return PolicyDocument.Builder.create()
                .statements(List.of(
                        PolicyStatement.Builder.create().sid("Administration")
                                .principals(List.of(new AccountRootPrincipal())).actions(administration).resources(List.of("*")).build(),
                        PolicyStatement.Builder.create().sid("UseThroughIam")
                                .principals(List.of(new AccountRootPrincipal())).actions(uses).resources(List.of("*")).build()))
                .build();
    }

    private Secret generated(String id, String name, String description) {
        return Secret.Builder.create(this, id)
                .secretName(name)
                .description(description)
                .generateSecretString(SecretStringGenerator.builder()
                        .passwordLength(48)
                        .excludePunctuation(true)
                        .build())
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }

    public Key dataKey() {
        return dataKey;
    }

    public Key envelopeKey() {
        return envelopeKey;
    }

    public Secret operatorToken() {
        return operatorToken;
    }

    public Secret keyPepper() {
        return keyPepper;
    }

    public Secret wrappedSecretsKey() {
        return wrappedSecretsKey;
    }

    public Secret previousSecretsKeys() {
        return previousSecretsKeys;
    }
}
