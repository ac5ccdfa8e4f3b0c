package dev.settle.deploy.aws;

import java.util.List;

import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.IpAddresses;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.constructs.Construct;

/**
 * Two availability zones, three tiers: public subnets hold only the load balancer and the NAT
 * gateways, private subnets with egress hold the Settle nodes, isolated subnets hold the data
 * services. Every security group starts closed (no egress either) and gets exactly the rules of
 * docs/deploy-aws.md ("Network"), which {@code SecurityGroupTests} checks one by one.
 */
final class Network extends Construct {

    /** Settle's HTTP port (server.port, PORT); the load balancer's target port. */
    static final int APP_PORT = 8080;
    static final int POSTGRES_PORT = 5432;
    static final int AMQPS_PORT = 5671;
    static final int REDIS_PORT = 6379;
    static final int MONGODB_PORT = 27017;

    final Vpc vpc;
    final SecurityGroup loadBalancer;
    final SecurityGroup nodes;
    final SecurityGroup database;
    final SecurityGroup broker;
    final SecurityGroup cache;
    final SecurityGroup documents;

    Network(Construct scope, String id, Stage stage, boolean withDocumentDb) {
        super(scope, id);
        vpc = Vpc.Builder.create(this, "Vpc")
                .ipAddresses(IpAddresses.cidr("10.40.0.0/16"))
                .maxAzs(2)
                .natGateways(stage.natGateways())
                .subnetConfiguration(List.of(
                        SubnetConfiguration.builder().name("public").subnetType(SubnetType.PUBLIC).cidrMask(24).build(),
                        SubnetConfiguration.builder().name("nodes").subnetType(SubnetType.PRIVATE_WITH_EGRESS).cidrMask(22).build(),
                        SubnetConfiguration.builder().name("data").subnetType(SubnetType.PRIVATE_ISOLATED).cidrMask(24).build()))
                .gatewayEndpoints(java.util.Map.of("S3", GatewayVpcEndpointOptions.builder()
                        .service(GatewayVpcEndpointAwsService.S3).build()))
                .build();

        loadBalancer = closed("LoadBalancer", "Settle " + stage.name() + " ALB: HTTPS and HTTP (redirected) from anywhere");
        nodes = closed("Nodes", "Settle " + stage.name() + " nodes: the app port from the ALB only");
        database = closed("Database", "Settle " + stage.name() + " RDS PostgreSQL: from the nodes only");
        broker = closed("Broker", "Settle " + stage.name() + " Amazon MQ: from the nodes only");
        cache = closed("Cache", "Settle " + stage.name() + " ElastiCache: from the nodes only");
        documents = withDocumentDb ? closed("Documents", "Settle " + stage.name() + " DocumentDB: from the nodes only") : null;

        loadBalancer.addIngressRule(Peer.anyIpv4(), Port.tcp(443), "HTTPS from clients");
        loadBalancer.addIngressRule(Peer.anyIpv4(), Port.tcp(80), "HTTP, answered with a redirect to HTTPS");
        loadBalancer.addEgressRule(nodes, Port.tcp(APP_PORT), "to the Settle nodes");
        nodes.addIngressRule(loadBalancer, Port.tcp(APP_PORT), "from the ALB");

        dataPort(database, POSTGRES_PORT, "PostgreSQL");
        dataPort(broker, AMQPS_PORT, "AMQP over TLS");
        dataPort(cache, REDIS_PORT, "Redis over TLS");
        if (documents != null) {
            dataPort(documents, MONGODB_PORT, "MongoDB wire protocol over TLS");
        }
        // Processors, webhook receivers (https only in live mode), and the AWS APIs the node calls
        // (Secrets Manager, KMS, CloudWatch Logs, SSM; S3 goes through the gateway endpoint).
        nodes.addEgressRule(Peer.anyIpv4(), Port.tcp(443), "HTTPS: processors, webhook receivers, AWS APIs");
    }

    private SecurityGroup closed(String id, String description) {
        return SecurityGroup.Builder.create(this, id)
                .vpc(vpc)
                .description(description)
                .allowAllOutbound(false)
                .build();
    }

    private void dataPort(SecurityGroup service, int port, String what) {
        service.addIngressRule(nodes, Port.tcp(port), what + " from the Settle nodes");
        nodes.addEgressRule(service, Port.tcp(port), what);
    }

    SubnetSelection nodeSubnets() {
        return SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build();
    }

    SubnetSelection dataSubnets() {
        return SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build();
    }

    SubnetSelection publicSubnets() {
        return SubnetSelection.builder().subnetType(SubnetType.PUBLIC).build();
    }
}
