package dev.settle.deploy.aws;

import java.util.List;
import java.util.Map;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.amazonmq.CfnBroker;
import software.amazon.awscdk.services.docdb.DatabaseCluster;
import software.amazon.awscdk.services.docdb.Login;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.elasticache.CfnReplicationGroup;
import software.amazon.awscdk.services.elasticache.CfnSubnetGroup;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.rds.Credentials;
import software.amazon.awscdk.services.rds.CredentialsFromUsernameOptions;
import software.amazon.awscdk.services.rds.DatabaseInstance;
import software.amazon.awscdk.services.rds.DatabaseInstanceEngine;
import software.amazon.awscdk.services.rds.ParameterGroup;
import software.amazon.awscdk.services.rds.PostgresEngineVersion;
import software.amazon.awscdk.services.rds.PostgresInstanceEngineProps;
import software.amazon.awscdk.services.rds.StorageType;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.NoncurrentVersionTransition;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.s3.StorageClass;
import software.amazon.awscdk.services.s3.Transition;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

/**
 * The shared parts a Settle cluster runs on (docs/operations.md, "Running a cluster"), each
 * encrypted at rest and in transit, reachable only from the nodes' security group, with its
 * credentials in Secrets Manager:
 * PostgreSQL ({@code SETTLE_DATABASE_URL}), RabbitMQ ({@code SETTLE_AMQP_URI}), Redis
 * ({@code SETTLE_REDIS_URI}), DocumentDB ({@code SETTLE_MONGODB_URI}; or a MongoDB Atlas URI kept
 * in a secret) and the files bucket ({@code SETTLE_S3_BUCKET}).
 */
final class DataServices extends Construct {

    /** Settle's objects live under this prefix; the nodes may touch nothing else in the bucket. */
    static final String FILES_PREFIX = "settle/";

    final DatabaseInstance database;
    final CfnBroker broker;
    final Secret brokerSecret;
    final CfnReplicationGroup cache;
    final Secret cacheSecret;
    final DatabaseCluster documents;
    final Secret documentsUri;
    final Bucket files;

    DataServices(Construct scope, String id, Stage stage, Network network, IKey dataKey, boolean atlas) {
        super(scope, id);
        RemovalPolicy keep = stage.production() ? RemovalPolicy.RETAIN : RemovalPolicy.SNAPSHOT;

        database = DatabaseInstance.Builder.create(this, "Postgres")
                .engine(DatabaseInstanceEngine.postgres(PostgresInstanceEngineProps.builder()
                        .version(PostgresEngineVersion.VER_17).build()))
                .instanceType(new InstanceType(stage.databaseClass().substring("db.".length())))
                .vpc(network.vpc)
                .vpcSubnets(network.dataSubnets())
                .securityGroups(List.of(network.database))
                .multiAz(true)
                .allocatedStorage(stage.databaseStorageGb())
                .maxAllocatedStorage(stage.databaseStorageGb() * 4)
                .storageType(StorageType.GP3)
                .storageEncrypted(true)
                .storageEncryptionKey(dataKey)
                .credentials(Credentials.fromGeneratedSecret("settle", CredentialsFromUsernameOptions.builder()
                        .secretName(stage.prefix() + "/postgres")
                        .excludeCharacters(" %+~`#$&*()|[]{}:;<>?!'/@\"\\,=^")
                        .build()))
                .databaseName("settle")
                .port(Network.POSTGRES_PORT)
                .backupRetention(Duration.days(stage.backupDays()))
                .deleteAutomatedBackups(false)
                .deletionProtection(true)
                .removalPolicy(keep)
                .publiclyAccessible(false)
                .autoMinorVersionUpgrade(true)
                .copyTagsToSnapshot(true)
                .parameterGroup(ParameterGroup.Builder.create(this, "PostgresParameters")
                        .engine(DatabaseInstanceEngine.postgres(PostgresInstanceEngineProps.builder()
                                .version(PostgresEngineVersion.VER_17).build()))
                        .description("Settle: TLS only; WAL kept ahead so no commit waits for a new file (docs/operations.md)")
                        .parameters(Map.of(
                                "rds.force_ssl", "1",
                                "min_wal_size", "1024",
                                "max_wal_size", "2048"))
                        .build())
                .build();

        brokerSecret = Secret.Builder.create(this, "BrokerUser")
                .secretName(stage.prefix() + "/rabbitmq")
                .description("Amazon MQ user of Settle " + stage.name())
                .generateSecretString(SecretStringGenerator.builder()
                        .secretStringTemplate("{\"username\":\"settle\"}")
                        .generateStringKey("password")
                        .passwordLength(32)
                        .excludePunctuation(true)
                        .build())
                .build();
        List<String> brokerSubnets = stage.brokerCluster()
                ? network.vpc.selectSubnets(network.dataSubnets()).getSubnetIds()
                : List.of(network.vpc.selectSubnets(network.dataSubnets()).getSubnetIds().get(0));
        broker = CfnBroker.Builder.create(this, "RabbitMq")
                .brokerName(stage.prefix())
                .engineType("RABBITMQ")
                .engineVersion("3.13")
                .autoMinorVersionUpgrade(true)
                .hostInstanceType(stage.brokerInstance())
                .deploymentMode(stage.brokerCluster() ? "CLUSTER_MULTI_AZ" : "SINGLE_INSTANCE")
                .publiclyAccessible(false)
                .subnetIds(brokerSubnets)
                .securityGroups(List.of(network.broker.getSecurityGroupId()))
                .users(List.of(CfnBroker.UserProperty.builder()
                        .username("settle")
                        .password(brokerSecret.secretValueFromJson("password").unsafeUnwrap())
                        .build()))
                .logs(CfnBroker.LogListProperty.builder().general(true).build())
                .build();

        cacheSecret = Secret.Builder.create(this, "CacheAuthToken")
                .secretName(stage.prefix() + "/redis-auth")
                .description("ElastiCache AUTH token of Settle " + stage.name())
                .generateSecretString(SecretStringGenerator.builder()
                        .passwordLength(64)
                        .excludePunctuation(true)
                        .build())
                .build();
        CfnSubnetGroup cacheSubnets = CfnSubnetGroup.Builder.create(this, "CacheSubnets")
                .description("Settle " + stage.name() + " ElastiCache")
                .subnetIds(network.vpc.selectSubnets(network.dataSubnets()).getSubnetIds())
                .build();
        boolean replicated = stage.cacheNodes() > 1;
        cache = CfnReplicationGroup.Builder.create(this, "Redis")
                .replicationGroupDescription("Settle " + stage.name() + " rate limits")
                .engine("redis")
                .engineVersion("7.1")
                .cacheNodeType(stage.cacheNodeType())
                .numCacheClusters(stage.cacheNodes())
                .automaticFailoverEnabled(replicated)
                .multiAzEnabled(replicated)
                .cacheSubnetGroupName(cacheSubnets.getRef())
                .securityGroupIds(List.of(network.cache.getSecurityGroupId()))
                .port(Network.REDIS_PORT)
                .transitEncryptionEnabled(true)
                .atRestEncryptionEnabled(true)
                .kmsKeyId(dataKey.getKeyId())
                .authToken(cacheSecret.getSecretValue().unsafeUnwrap())
                .autoMinorVersionUpgrade(true)
                .build();

        if (atlas) {
            documents = null;
            documentsUri = Secret.Builder.create(this, "AtlasUri")
                    .secretName(stage.prefix() + "/mongodb-uri")
                    .description("SETTLE_MONGODB_URI of a MongoDB Atlas cluster: put its mongodb+srv:// URI here (docs/deploy-aws.md)")
                    .secretStringValue(software.amazon.awscdk.SecretValue.unsafePlainText("set-me"))
                    .build();
        } else {
            documentsUri = null;
            documents = DatabaseCluster.Builder.create(this, "DocumentDb")
                    .masterUser(Login.builder()
                            .username("settle")
                            .secretName(stage.prefix() + "/documentdb")
                            .excludeCharacters(" %+~`#$&*()|[]{}:;<>?!'/@\"\\,=^")
                            .build())
                    .engineVersion("5.0.0")
                    .instanceType(new InstanceType(stage.documentClass().substring("db.".length())))
                    .instances(stage.documentInstances())
                    .vpc(network.vpc)
                    .vpcSubnets(network.dataSubnets())
                    .securityGroup(network.documents)
                    .port(Network.MONGODB_PORT)
                    .storageEncrypted(true)
                    .kmsKey(dataKey)
                    .backup(software.amazon.awscdk.services.docdb.BackupProps.builder()
                            .retention(Duration.days(stage.backupDays())).build())
                    .deletionProtection(true)
                    .removalPolicy(keep)
                    .build();
        }

        files = Bucket.Builder.create(this, "Files")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .encryption(BucketEncryption.KMS)
                .encryptionKey(dataKey)
                .bucketKeyEnabled(true)
                .enforceSsl(true)
                .versioned(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                .lifecycleRules(List.of(
                        LifecycleRule.builder()
                                .id("settlement-reports-to-infrequent-access")
                                .prefix(FILES_PREFIX)
                                .transitions(List.of(Transition.builder()
                                        .storageClass(StorageClass.INFREQUENT_ACCESS)
                                        .transitionAfter(Duration.days(90)).build()))
                                .build(),
                        LifecycleRule.builder()
                                .id("old-versions")
                                .noncurrentVersionTransitions(List.of(NoncurrentVersionTransition.builder()
                                        .storageClass(StorageClass.INFREQUENT_ACCESS)
                                        .transitionAfter(Duration.days(30)).build()))
                                .noncurrentVersionExpiration(Duration.days(stage.production() ? 365 : 30))
                                .abortIncompleteMultipartUploadAfter(Duration.days(7))
                                .build()))
                .build();
    }

    /** The first AMQP endpoint of the broker: {@code amqps://b-….mq.<region>.amazonaws.com:5671}. */
    String amqpEndpoint() {
        return Fn.select(0, broker.getAttrAmqpEndpoints());
    }
}
