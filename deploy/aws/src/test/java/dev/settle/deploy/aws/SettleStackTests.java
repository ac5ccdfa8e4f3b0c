package dev.settle.deploy.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.settle.deploy.Repo;

import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** What the staging and production templates hold, by CDK's template assertions. */
class SettleStackTests {

    private final Template staging = Synthesized.staging().main;
    private final Template production = Synthesized.production().main;

    @Test
    void resourceCounts() {
        Map<String, Integer> staged = Map.ofEntries(
                Map.entry("AWS::EC2::VPC", 1), Map.entry("AWS::EC2::Subnet", 6), Map.entry("AWS::EC2::NatGateway", 1),
                Map.entry("AWS::EC2::VPCEndpoint", 1), Map.entry("AWS::EC2::SecurityGroup", 6),
                Map.entry("AWS::ElasticLoadBalancingV2::LoadBalancer", 1), Map.entry("AWS::ElasticLoadBalancingV2::Listener", 2),
                Map.entry("AWS::ElasticLoadBalancingV2::TargetGroup", 1), Map.entry("AWS::EC2::LaunchTemplate", 1),
                Map.entry("AWS::AutoScaling::AutoScalingGroup", 1), Map.entry("AWS::AutoScaling::ScalingPolicy", 2),
                Map.entry("AWS::RDS::DBInstance", 1), Map.entry("AWS::AmazonMQ::Broker", 1),
                Map.entry("AWS::ElastiCache::ReplicationGroup", 1), Map.entry("AWS::DocDB::DBCluster", 1),
                Map.entry("AWS::DocDB::DBInstance", 1), Map.entry("AWS::S3::Bucket", 1), Map.entry("AWS::IAM::Role", 1),
                Map.entry("AWS::IAM::Policy", 1), Map.entry("AWS::Logs::LogGroup", 2), Map.entry("AWS::CloudWatch::Alarm", 8),
                Map.entry("AWS::SNS::Topic", 1), Map.entry("AWS::Lambda::Function", 0), Map.entry("AWS::EC2::KeyPair", 0));
        staged.forEach((type, count) -> staging.resourceCountIs(type, count));
        production.resourceCountIs("AWS::EC2::NatGateway", 2);
        production.resourceCountIs("AWS::DocDB::DBInstance", 2);
        Synthesized.staging().keys.resourceCountIs("AWS::KMS::Key", 2);
        Synthesized.staging().keys.resourceCountIs("AWS::SecretsManager::Secret", 4);
    }

    @Test
    void stageSizesEverything() {
        staging.hasResourceProperties("AWS::AutoScaling::AutoScalingGroup", Map.of("MinSize", "2", "MaxSize", "3"));
        production.hasResourceProperties("AWS::AutoScaling::AutoScalingGroup", Map.of("MinSize", "3", "MaxSize", "9"));
        staging.hasResourceProperties("AWS::EC2::LaunchTemplate", Map.of("LaunchTemplateData", Match.objectLike(Map.of("InstanceType", "t3.large"))));
        production.hasResourceProperties("AWS::EC2::LaunchTemplate", Map.of("LaunchTemplateData", Match.objectLike(Map.of("InstanceType", "m7i.large"))));
        staging.hasResourceProperties("AWS::RDS::DBInstance", Map.of("DBInstanceClass", "db.t4g.medium", "BackupRetentionPeriod", 7));
        production.hasResourceProperties("AWS::RDS::DBInstance", Map.of("DBInstanceClass", "db.m7g.large", "BackupRetentionPeriod", 30));
        staging.hasResourceProperties("AWS::AmazonMQ::Broker", Map.of("DeploymentMode", "SINGLE_INSTANCE", "HostInstanceType", "mq.t3.micro"));
        production.hasResourceProperties("AWS::AmazonMQ::Broker", Map.of("DeploymentMode", "CLUSTER_MULTI_AZ", "HostInstanceType", "mq.m5.large"));
        staging.hasResourceProperties("AWS::ElastiCache::ReplicationGroup", Map.of("NumCacheClusters", 1, "AutomaticFailoverEnabled", false));
        production.hasResourceProperties("AWS::ElastiCache::ReplicationGroup", Map.of("NumCacheClusters", 2, "AutomaticFailoverEnabled", true, "MultiAZEnabled", true));
    }

    @Test
    void dataServicesAreEncryptedPrivateAndKept() {
        for (Template t : List.of(staging, production)) {
            t.hasResourceProperties("AWS::RDS::DBInstance", Map.of("MultiAZ", true, "StorageEncrypted", true,
                    "KmsKeyId", Match.anyValue(), "DeletionProtection", true, "PubliclyAccessible", false, "Engine", "postgres"));
            t.hasResourceProperties("AWS::RDS::DBParameterGroup", Map.of("Parameters", Map.of("rds.force_ssl", "1",
                    "min_wal_size", "1024", "max_wal_size", "2048")));
            t.hasResourceProperties("AWS::AmazonMQ::Broker", Map.of("EngineType", "RABBITMQ", "PubliclyAccessible", false));
            t.hasResourceProperties("AWS::ElastiCache::ReplicationGroup", Map.of("TransitEncryptionEnabled", true,
                    "AtRestEncryptionEnabled", true, "AuthToken", Match.objectLike(Map.of("Fn::Join", Match.anyValue()))));
            assertThat(String.valueOf(t.toJSON())).contains("{{resolve:secretsmanager:");
            t.hasResourceProperties("AWS::DocDB::DBCluster", Map.of("StorageEncrypted", true, "DeletionProtection", true,
                    "KmsKeyId", Match.anyValue()));
            t.hasResourceProperties("AWS::S3::Bucket", Map.of(
                    "PublicAccessBlockConfiguration", Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true,
                            "IgnorePublicAcls", true, "RestrictPublicBuckets", true),
                    "VersioningConfiguration", Map.of("Status", "Enabled"),
                    "BucketEncryption", Map.of("ServerSideEncryptionConfiguration", List.of(Match.objectLike(Map.of(
                            "BucketKeyEnabled", true,
                            "ServerSideEncryptionByDefault", Match.objectLike(Map.of("SSEAlgorithm", "aws:kms")))))),
                    "LifecycleConfiguration", Map.of("Rules", Match.arrayWith(List.of(Match.objectLike(Map.of(
                            "AbortIncompleteMultipartUpload", Map.of("DaysAfterInitiation", 7))))))));
            t.hasResourceProperties("AWS::S3::BucketPolicy", Map.of("PolicyDocument", Match.objectLike(Map.of("Statement",
                    List.of(Match.objectLike(Map.of("Effect", "Deny", "Action", "s3:*",
                            "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))));
            t.hasResource("AWS::RDS::DBInstance", Map.of("DeletionPolicy", Match.anyValue()));
            t.hasResource("AWS::S3::Bucket", Map.of("DeletionPolicy", "Retain"));
        }
        Synthesized.staging().keys.hasResourceProperties("AWS::KMS::Key", Map.of("EnableKeyRotation", true));
    }

    @Test
    void loadBalancerTerminatesTlsRedirectsHttpAndChecksReadiness() {
        staging.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Map.of("Port", 443, "Protocol", "HTTPS",
                "Certificates", List.of(Map.of("CertificateArn", Map.of("Ref", "CertificateArn")))));
        staging.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Map.of("Port", 80, "Protocol", "HTTP",
                "DefaultActions", List.of(Match.objectLike(Map.of("Type", "redirect",
                        "RedirectConfig", Match.objectLike(Map.of("Protocol", "HTTPS", "Port", "443", "StatusCode", "HTTP_301")))))));
        staging.hasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", Map.of("LoadBalancerAttributes",
                Match.arrayWith(List.of(Map.of("Key", "idle_timeout.timeout_seconds", "Value", "120")))));
        staging.hasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", Map.of("Port", 8080,
                "HealthCheckPath", "/actuator/health/readiness", "Matcher", Map.of("HttpCode", "200"),
                "TargetGroupAttributes", Match.arrayWith(List.of(Map.of("Key", "slow_start.duration_seconds", "Value", "180")))));
    }

    @Test
    void nodesRollOneAtATimeOnSignalsWithImdsV2AndNoSsh() {
        staging.hasResource("AWS::AutoScaling::AutoScalingGroup", Map.of(
                "UpdatePolicy", Map.of("AutoScalingRollingUpdate", Match.objectLike(Map.of("MaxBatchSize", 1,
                        "MinInstancesInService", 2, "WaitOnResourceSignals", true))),
                "CreationPolicy", Map.of("ResourceSignal", Map.of("Count", 2, "Timeout", "PT15M"))));
        staging.hasResourceProperties("AWS::EC2::LaunchTemplate", Map.of("LaunchTemplateData", Match.objectLike(Map.of(
                "MetadataOptions", Map.of("HttpTokens", "required", "HttpPutResponseHopLimit", 1),
                "KeyName", Match.absent(),
                "ImageId", Map.of("Ref", Match.stringLikeRegexp("SsmParameterValue.*al2023.*"))))));
        staging.hasResourceProperties("AWS::AutoScaling::ScalingPolicy", Map.of("TargetTrackingConfiguration", Match.objectLike(Map.of(
                "PredefinedMetricSpecification", Map.of("PredefinedMetricType", "ASGAverageCPUUtilization")))));
        staging.hasResourceProperties("AWS::AutoScaling::ScalingPolicy", Map.of("TargetTrackingConfiguration", Match.objectLike(Map.of(
                "PredefinedMetricSpecification", Match.objectLike(Map.of("PredefinedMetricType", "ALBRequestCountPerTarget"))))));
    }

    @Test
    void userDataRunsTheJarWithTheFlagsOperationsRecommends() throws IOException {
        String userData = String.valueOf(staging.toJSON());
        assertThat(userData).contains("JAVA_FLAGS='" + SettleStack.javaFlags(Stage.STAGING) + "'",
                "ExecStart=/usr/bin/java $JAVA_FLAGS", "READINESS_PATH='/actuator/health/readiness'",
                "amazon-cloudwatch-agent", "cfn-signal", "User=settle");
        String operations = Files.readString(Repo.path("docs/operations.md"));
        Matcher recommended = Pattern.compile("`java (-XX:\\+UseZGC -Xms4g -Xmx4g -XX:\\+AlwaysPreTouch) -jar server/target/settle\\.jar`")
                .matcher(operations);
        assertThat(recommended.find()).as("docs/operations.md recommends a java command line").isTrue();
        assertThat(SettleStack.javaFlags(Stage.STAGING)).isEqualTo(recommended.group(1));
        assertThat(SettleStack.javaFlags(Stage.PRODUCTION)).isEqualTo(recommended.group(1));
    }

    @Test
    void theBootScriptGivesEveryNodeTheRequiredAndClusterVariablesAllDocumented() throws IOException {
        String script = Nodes.script();
        String operations = Files.readString(Repo.path("docs/operations.md"));
        Matcher written = Pattern.compile("(?m)^(SETTLE_[A-Z0-9_]+)=").matcher(script);
        java.util.Set<String> variables = new java.util.TreeSet<>();
        while (written.find()) {
            variables.add(written.group(1));
        }
        assertThat(variables).contains("SETTLE_DATABASE_URL", "SETTLE_OPERATOR_TOKEN", "SETTLE_KEY_PEPPER", "SETTLE_SECRETS_KEY",
                "SETTLE_MONGODB_URI", "SETTLE_AMQP_URI", "SETTLE_REDIS_URI", "SETTLE_S3_BUCKET", "SETTLE_KMS_KEY_ID");
        for (String variable : variables) {
            assertThat(operations).as(variable + " is documented in docs/operations.md").contains("`" + variable + "`");
        }
        assertThat(script).contains("SETTLE_SECRETS_PREVIOUSKEYS_"); // settle.secrets.previous-keys.<id>, relaxed binding
    }

    @Test
    void theBootScriptIsValidBash() throws Exception {
        Path script = Files.createTempFile("settle-node", ".sh");
        Files.writeString(script, Nodes.script());
        Process bash = new ProcessBuilder("bash", "-n", script.toString()).redirectErrorStream(true).start();
        String output = new String(bash.getInputStream().readAllBytes());
        assertThat(bash.waitFor()).as(output).isZero();
        Files.delete(script);
    }

    @Test
    void alarmsWatchTheLoadBalancerAndSettlesOwnMetrics() throws IOException {
        String observability = Files.readString(Repo.path("docs/observability.md"));
        for (String metric : Alarms.forwardedMetrics()) {
            String documented = metric.endsWith("_seconds_max") ? metric.substring(0, metric.length() - "_max".length()) : metric;
            assertThat(observability).as(metric + " is in the metrics table").contains("| `" + documented + "` |");
            staging.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("Namespace", "Settle", "MetricName", metric,
                    "Dimensions", List.of(Map.of("Name", "Stage", "Value", "staging")), "Statistic", "Maximum"));
        }
        staging.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("AlarmName", "settle-staging-Http5xxRate",
                "Metrics", Match.arrayWith(List.of(Match.objectLike(Map.of("Expression", Match.stringLikeRegexp(".*requests")))))));
        staging.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("AlarmName", "settle-staging-LatencyP99",
                "MetricName", "TargetResponseTime", "ExtendedStatistic", "p99", "Threshold", 2));
        assertThat(String.valueOf(staging.toJSON())).contains("metric_selectors");
        for (String metric : Alarms.forwardedMetrics()) {
            assertThat(String.valueOf(staging.toJSON())).contains("\"^" + metric + "\\$\"");
        }
    }
}
