package dev.settle.deploy.aws;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.autoscaling.AutoScalingGroup;
import software.amazon.awscdk.services.autoscaling.CpuUtilizationScalingProps;
import software.amazon.awscdk.services.autoscaling.AdditionalHealthCheckType;
import software.amazon.awscdk.services.autoscaling.AdditionalHealthChecksOptions;
import software.amazon.awscdk.services.autoscaling.HealthChecks;
import software.amazon.awscdk.services.autoscaling.ScalingProcess;
import software.amazon.awscdk.services.autoscaling.RequestCountScalingProps;
import software.amazon.awscdk.services.autoscaling.RollingUpdateOptions;
import software.amazon.awscdk.services.autoscaling.Signals;
import software.amazon.awscdk.services.autoscaling.SignalsOptions;
import software.amazon.awscdk.services.autoscaling.UpdatePolicy;
import software.amazon.awscdk.services.ec2.BlockDevice;
import software.amazon.awscdk.services.ec2.BlockDeviceVolume;
import software.amazon.awscdk.services.ec2.EbsDeviceOptions;
import software.amazon.awscdk.services.ec2.EbsDeviceVolumeType;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.LaunchTemplate;
import software.amazon.awscdk.services.ec2.MachineImage;
import software.amazon.awscdk.services.ec2.UserData;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationProtocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationTargetGroup;
import software.amazon.awscdk.services.elasticloadbalancingv2.BaseApplicationListenerProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerAction;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCertificate;
import software.amazon.awscdk.services.elasticloadbalancingv2.Protocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.RedirectOptions;
import software.amazon.awscdk.services.elasticloadbalancingv2.SslPolicy;
import software.amazon.awscdk.services.elasticloadbalancingv2.TargetType;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The Settle nodes: an Auto Scaling group from a launch template (Amazon Linux 2023, IMDSv2 only,
 * encrypted disk, no SSH key: SSM Session Manager), behind an Application Load Balancer that
 * terminates TLS, redirects HTTP, keeps WebSocket streams open and sends traffic only to nodes
 * whose readiness probe answers, bringing each new node in gradually (slow start: a cold JIT, see
 * docs/operations.md).
 */
final class Nodes extends Construct {

    /** The readiness probe (Spring Boot's; docs/operations.md, "Health"): down during shutdown. */
    static final String READINESS_PATH = "/actuator/health/readiness";
    /** Above the event stream's 15 s heartbeat (docs/realtime.md) with a wide margin. */
    static final int IDLE_TIMEOUT_SECONDS = 120;

    final ApplicationLoadBalancer loadBalancer;
    final ApplicationTargetGroup targets;
    final AutoScalingGroup group;
    final LogGroup logs;
    final LogGroup metricLogs;

    Nodes(Construct scope, String id, Stage stage, Network network, Role role, Map<String, String> deployValues,
            String certificateArn, String javaFlags) {
        super(scope, id);
        RetentionDays retention = RetentionDays.valueOf(switch (stage.logRetentionDays()) {
            case 30 -> "ONE_MONTH";
            case 365 -> "ONE_YEAR";
            default -> throw new IllegalArgumentException("log retention " + stage.logRetentionDays());
        });
        logs = LogGroup.Builder.create(this, "AppLogs")
                .logGroupName("/settle/" + stage.name() + "/app")
                .retention(retention)
                .build();
        metricLogs = LogGroup.Builder.create(this, "MetricLogs")
                .logGroupName("/settle/" + stage.name() + "/metrics")
                .retention(RetentionDays.TWO_WEEKS)
                .build();

        loadBalancer = ApplicationLoadBalancer.Builder.create(this, "Alb")
                .vpc(network.vpc)
                .internetFacing(true)
                .vpcSubnets(network.publicSubnets())
                .securityGroup(network.loadBalancer)
                .idleTimeout(Duration.seconds(IDLE_TIMEOUT_SECONDS))
                .dropInvalidHeaderFields(true)
                .deletionProtection(stage.production())
                .build();

        UserData userData = UserData.forLinux();
        LaunchTemplate template = LaunchTemplate.Builder.create(this, "LaunchTemplate")
                .machineImage(MachineImage.latestAmazonLinux2023())
                .instanceType(new InstanceType(stage.nodeInstanceType()))
                .role(role)
                .securityGroup(network.nodes)
                .userData(userData)
                .requireImdsv2(true)
                .httpPutResponseHopLimit(1)
                .detailedMonitoring(true)
                .blockDevices(List.of(BlockDevice.builder()
                        .deviceName("/dev/xvda")
                        .volume(BlockDeviceVolume.ebs(30, EbsDeviceOptions.builder()
                                .volumeType(EbsDeviceVolumeType.GP3)
                                .encrypted(true)
                                .deleteOnTermination(true)
                                .build()))
                        .build()))
                .build();

        group = AutoScalingGroup.Builder.create(this, "Group")
                .vpc(network.vpc)
                .vpcSubnets(network.nodeSubnets())
                .launchTemplate(template)
                .minCapacity(stage.minNodes())
                .maxCapacity(stage.maxNodes())
                .healthChecks(HealthChecks.withAdditionalChecks(AdditionalHealthChecksOptions.builder()
                        .additionalTypes(List.of(AdditionalHealthCheckType.ELB))
                        .gracePeriod(Duration.minutes(10))
                        .build()))
                // A new launch template version (a new jar, a new AMI) replaces one node at a time,
                // each only after the one before signalled ready; a failure rolls back.
                .updatePolicy(UpdatePolicy.rollingUpdate(RollingUpdateOptions.builder()
                        .maxBatchSize(1)
                        .minInstancesInService(stage.minNodes())
                        .waitOnResourceSignals(true)
                        .pauseTime(Duration.minutes(15))
                        .suspendProcesses(List.of(ScalingProcess.HEALTH_CHECK, ScalingProcess.REPLACE_UNHEALTHY,
                                ScalingProcess.AZ_REBALANCE, ScalingProcess.ALARM_NOTIFICATION,
                                ScalingProcess.SCHEDULED_ACTIONS))
                        .build()))
                .signals(Signals.waitForMinCapacity(SignalsOptions.builder().timeout(Duration.minutes(15)).build()))
                .build();

        Map<String, String> values = new LinkedHashMap<>(deployValues);
        values.put("STACK_NAME", Stack.of(this).getStackName());
        values.put("REGION", Stack.of(this).getRegion());
        values.put("ASG_LOGICAL_ID", Stack.of(this).getLogicalId((CfnElement) group.getNode().getDefaultChild()));
        values.put("APP_PORT", Integer.toString(Network.APP_PORT));
        values.put("READINESS_PATH", READINESS_PATH);
        values.put("JAVA_FLAGS", javaFlags);
        values.put("LOG_GROUP", logs.getLogGroupName());
        values.put("METRICS_LOG_GROUP", metricLogs.getLogGroupName());
        List<String> lines = new ArrayList<>();
        lines.add("install -d -m 0750 /etc/settle");
        lines.add("cat > /etc/settle/deploy.env <<'DEPLOY'");
        values.forEach((key, value) -> lines.add(key + "='" + value + "'"));
        lines.add("DEPLOY");
        lines.add(script());
        userData.addCommands(lines.toArray(String[]::new));

        targets = ApplicationTargetGroup.Builder.create(this, "Targets")
                .vpc(network.vpc)
                .port(Network.APP_PORT)
                .protocol(ApplicationProtocol.HTTP)
                .targetType(TargetType.INSTANCE)
                .targets(List.of(group))
                .slowStart(Duration.minutes(3))
                .deregistrationDelay(Duration.seconds(30))
                .healthCheck(software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck.builder()
                        .path(READINESS_PATH)
                        .protocol(Protocol.HTTP)
                        .healthyHttpCodes("200")
                        .interval(Duration.seconds(10))
                        .timeout(Duration.seconds(5))
                        .healthyThresholdCount(2)
                        .unhealthyThresholdCount(3)
                        .build())
                .build();

        ApplicationListener https = loadBalancer.addListener("Https", BaseApplicationListenerProps.builder()
                .port(443)
                .protocol(ApplicationProtocol.HTTPS)
                .sslPolicy(SslPolicy.RECOMMENDED_TLS)
                .certificates(List.of(ListenerCertificate.fromArn(certificateArn)))
                .defaultTargetGroups(List.of(targets))
                .open(false)
                .build());
        loadBalancer.addListener("Http", BaseApplicationListenerProps.builder()
                .port(80)
                .protocol(ApplicationProtocol.HTTP)
                .open(false)
                .defaultAction(ListenerAction.redirect(RedirectOptions.builder()
                        .protocol("HTTPS").port("443").permanent(true).build()))
                .build());

        group.scaleOnCpuUtilization("Cpu", CpuUtilizationScalingProps.builder()
                .targetUtilizationPercent(60)
                .build());
        group.scaleOnRequestCount("Requests", RequestCountScalingProps.builder()
                .targetRequestsPerMinute(stage.production() ? 6000 : 3000)
                .build());
        this.https = https;
    }

    final ApplicationListener https;

    static String script() {
        try (InputStream in = Nodes.class.getResourceAsStream("settle-node.sh")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
