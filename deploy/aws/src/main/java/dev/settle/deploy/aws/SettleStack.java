package dev.settle.deploy.aws;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.constructs.Construct;

/**
 * One stage of Settle on AWS: network, data services, nodes, alarms. Its keys and application
 * secrets come from the stage's {@link SettleKeysStack}. Everything the nodes may do is written
 * out here as IAM statements, one per purpose; {@code IamPolicyTests} holds every statement in the
 * template to an allow-list.
 */
public final class SettleStack extends Stack {

    private final Role nodeRole;

    public SettleStack(Construct scope, String id, StackProps props, Stage stage, SettleKeysStack keys, boolean atlas) {
        super(scope, id, props);
        CfnParameter certificate = CfnParameter.Builder.create(this, "CertificateArn")
                .type("String")
                .description("ACM certificate of the public host name, for the ALB's HTTPS listener")
                .allowedPattern("arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/[a-zA-Z0-9-]+")
                .build();
        CfnParameter publicUrl = CfnParameter.Builder.create(this, "PublicUrl")
                .type("String")
                .description("https URL clients reach Settle at (SETTLE_PUBLIC_URL); point its DNS name at the ALB")
                .allowedPattern("https://[^/]+")
                .build();
        CfnParameter artifactsBucket = CfnParameter.Builder.create(this, "ArtifactsBucket")
                .type("String")
                .description("S3 bucket the release jars are uploaded to (.github/workflows/deploy.yml)")
                .build();
        CfnParameter artifactKey = CfnParameter.Builder.create(this, "ArtifactKey")
                .type("String")
                .description("Key of the jar to run, e.g. settle/releases/v1.2.3/settle.jar; a new key rolls the nodes")
                .allowedPattern("settle/releases/[A-Za-z0-9._-]+/settle\\.jar")
                .build();
        CfnParameter secretsKeyId = CfnParameter.Builder.create(this, "SealingKeyId")
                .type("String")
                .defaultValue("k1")
                .description("SETTLE_SECRETS_KEY_ID of the wrapped key (docs/security.md, rotating the secrets key)")
                .allowedPattern("[A-Za-z0-9_-]{1,32}")
                .build();

        Network network = new Network(this, "Network", stage, !atlas);
        DataServices data = new DataServices(this, "Data", stage, network, keys.dataKey(), atlas);

        nodeRole = Role.Builder.create(this, "NodeRole")
                .assumedBy(new ServicePrincipal("ec2.amazonaws.com"))
                .description("Settle " + stage.name() + " node: its jar, its bucket prefix, its secrets, its keys, its log groups, SSM")
                .build();

        Map<String, String> deploy = new LinkedHashMap<>();
        deploy.put("STAGE", stage.name());
        deploy.put("PUBLIC_URL", publicUrl.getValueAsString());
        deploy.put("ARTIFACTS_BUCKET", artifactsBucket.getValueAsString());
        deploy.put("ARTIFACT_KEY", artifactKey.getValueAsString());
        deploy.put("DATABASE_SECRET", data.database.getSecret().getSecretArn());
        deploy.put("DATABASE_HOST", data.database.getDbInstanceEndpointAddress());
        deploy.put("DATABASE_PORT", data.database.getDbInstanceEndpointPort());
        deploy.put("BROKER_SECRET", data.brokerSecret.getSecretArn());
        deploy.put("AMQP_ENDPOINT", data.amqpEndpoint());
        deploy.put("CACHE_SECRET", data.cacheSecret.getSecretArn());
        deploy.put("CACHE_HOST", data.cache.getAttrPrimaryEndPointAddress());
        deploy.put("CACHE_PORT", data.cache.getAttrPrimaryEndPointPort());
        if (atlas) {
            deploy.put("MONGODB_URI_SECRET", data.documentsUri.getSecretArn());
        } else {
            deploy.put("DOCUMENTS_SECRET", data.documents.getSecret().getSecretArn());
            deploy.put("DOCUMENTS_HOST", data.documents.getClusterEndpoint().getHostname());
            deploy.put("DOCUMENTS_PORT", Integer.toString(Network.MONGODB_PORT));
        }
        deploy.put("FILES_BUCKET", data.files.getBucketName());
        deploy.put("OPERATOR_TOKEN_SECRET", keys.operatorToken().getSecretArn());
        deploy.put("KEY_PEPPER_SECRET", keys.keyPepper().getSecretArn());
        deploy.put("WRAPPED_SECRETS_KEY_SECRET", keys.wrappedSecretsKey().getSecretArn());
        deploy.put("PREVIOUS_SECRETS_KEYS_SECRET", keys.previousSecretsKeys().getSecretArn());
        deploy.put("ENVELOPE_KEY_ARN", keys.envelopeKey().getKeyArn());
        deploy.put("SECRETS_KEY_ID", secretsKeyId.getValueAsString());
        deploy.put("METRIC_NAMESPACE", Alarms.NAMESPACE);
        deploy.put("METRIC_SELECTORS", Alarms.metricSelectors());

        Nodes nodes = new Nodes(this, "Nodes", stage, network, nodeRole, deploy, certificate.getValueAsString(),
                javaFlags(stage));

        // Session Manager instead of SSH (no key pair, no port 22). These five actions have no
        // resource-level permissions in IAM, hence "*"; they reach no data.
        allow(List.of("ssm:UpdateInstanceInformation", "ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel",
                "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"), List.of("*"), null);
        allow(List.of("s3:GetObject"),
                List.of("arn:" + getPartition() + ":s3:::" + artifactsBucket.getValueAsString() + "/" + artifactKey.getValueAsString()), null);
        allow(List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"),
                List.of(data.files.arnForObjects(DataServices.FILES_PREFIX + "*")), null);
        allow(List.of("s3:ListBucket"), List.of(data.files.getBucketArn()),
                Map.of("StringLike", Map.of("s3:prefix", List.of(DataServices.FILES_PREFIX + "*"))));
        allow(List.of("kms:Decrypt", "kms:GenerateDataKey"), List.of(keys.dataKey().getKeyArn()),
                Map.of("StringEquals", Map.of("kms:ViaService", "s3." + getRegion() + ".amazonaws.com")));
        allow(List.of("kms:Decrypt"), List.of(keys.envelopeKey().getKeyArn()), null);
        List<ISecret> secrets = new java.util.ArrayList<>(List.of(data.database.getSecret(), data.brokerSecret, data.cacheSecret,
                keys.operatorToken(), keys.keyPepper(), keys.wrappedSecretsKey(), keys.previousSecretsKeys()));
        secrets.add(atlas ? data.documentsUri : data.documents.getSecret());
        allow(List.of("secretsmanager:GetSecretValue"), secrets.stream().map(ISecret::getSecretArn).toList(), null);
        allow(List.of("logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"),
                List.of(nodes.logs.getLogGroupArn(), nodes.metricLogs.getLogGroupArn()), null);

        Alarms alarms = new Alarms(this, "Alarms", stage, nodes);

        CfnOutput.Builder.create(this, "LoadBalancerDns").value(nodes.loadBalancer.getLoadBalancerDnsName())
                .description("Point the public host name (PublicUrl) at this").build();
        CfnOutput.Builder.create(this, "FilesBucket").value(data.files.getBucketName()).build();
        CfnOutput.Builder.create(this, "AlarmTopic").value(alarms.topic.getTopicArn())
                .description("Subscribe the on-call address to this SNS topic").build();
        CfnOutput.Builder.create(this, "DatabaseInstance").value(data.database.getInstanceIdentifier()).build();
        CfnOutput.Builder.create(this, "NodeGroup").value(nodes.group.getAutoScalingGroupName()).build();
    }

    private void allow(List<String> actions, List<String> resources, Map<String, Object> conditions) {
        PolicyStatement.Builder statement = PolicyStatement.Builder.create().actions(actions).resources(resources);
        if (conditions != null) {
            statement.conditions(conditions);
        }
        nodeRole.addToPrincipalPolicy(statement.build());
    }

    /** docs/operations.md: ZGC, the heap reserved and touched at start. */
    public static String javaFlags(Stage stage) {
        return "-XX:+UseZGC -Xms" + stage.heap() + " -Xmx" + stage.heap() + " -XX:+AlwaysPreTouch";
    }

    public Role nodeRole() {
        return nodeRole;
    }
}
