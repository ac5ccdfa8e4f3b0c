package dev.settle.deploy.aws;

import java.util.Locale;

/**
 * Where a Settle installation runs, and how big everything is there. Staging is the default size
 * (docs/deploy-aws.md prices it); production is the same shape with more and larger parts, and
 * every managed service spread over both availability zones.
 *
 * @param nodeInstanceType  EC2 type of a Settle node: 8 GiB, so the 4 GB heap docs/operations.md
 *                          recommends fits beside the OS and the off-heap parts
 * @param heap              the node's -Xms/-Xmx (docs/operations.md: reserved and touched at start)
 * @param minNodes          the Auto Scaling group's minimum (and initial) size
 * @param maxNodes          its maximum
 * @param natGateways       one per availability zone in production; one shared in staging
 * @param databaseClass     RDS instance class (always Multi-AZ)
 * @param databaseStorageGb allocated gp3 storage
 * @param backupDays        automated backup retention of RDS and DocumentDB
 * @param brokerInstance    Amazon MQ host instance type
 * @param brokerCluster     a three-node RabbitMQ cluster over the zones, else one broker
 * @param cacheNodeType     ElastiCache node type
 * @param cacheNodes        1 = no replica; 2 = primary and replica in the other zone, automatic failover
 * @param documentClass     DocumentDB instance class
 * @param documentInstances DocumentDB instances (the first is the primary)
 * @param logRetentionDays  how long the application's log group keeps lines
 * @param p99AlarmSeconds   the ALB's p99 target response time that raises the latency alarm
 */
public record Stage(
        String name,
        String nodeInstanceType,
        String heap,
        int minNodes,
        int maxNodes,
        int natGateways,
        String databaseClass,
        int databaseStorageGb,
        int backupDays,
        String brokerInstance,
        boolean brokerCluster,
        String cacheNodeType,
        int cacheNodes,
        String documentClass,
        int documentInstances,
        int logRetentionDays,
        double p99AlarmSeconds) {

    public static final Stage STAGING = new Stage("staging", "t3.large", "4g", 2, 3, 1,
            "db.t4g.medium", 50, 7, "mq.t3.micro", false, "cache.t4g.small", 1,
            "db.t4g.medium", 1, 30, 2.0);

    public static final Stage PRODUCTION = new Stage("production", "m7i.large", "4g", 3, 9, 2,
            "db.m7g.large", 200, 30, "mq.m5.large", true, "cache.m7g.large", 2,
            "db.r6g.large", 2, 365, 1.0);

    public static Stage named(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "staging" -> STAGING;
            case "production" -> PRODUCTION;
            default -> throw new IllegalArgumentException("stage must be staging or production, not " + name);
        };
    }

    public boolean production() {
        return this == PRODUCTION || name.equals("production");
    }

    /** The prefix of every name this stage gives (stacks, secrets, log groups, alarms). */
    public String prefix() {
        return "settle-" + name;
    }
}
