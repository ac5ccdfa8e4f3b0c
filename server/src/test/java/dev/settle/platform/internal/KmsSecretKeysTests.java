package dev.settle.platform.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

import dev.settle.platform.SecretBox;
import dev.settle.platform.SecretsProperties;
import dev.settle.platform.SettleProperties;

/**
 * Secrets keys wrapped by KMS, unwrapped through the AWS SDK's real KMS client against
 * {@link KmsStub}, a local server speaking KMS's JSON protocol. What this does not show: that real
 * KMS accepts these requests under a real key policy and IAM role (the CDK app's; docs/deploy-aws.md
 * says how to check it on a first deploy).
 */
class KmsSecretKeysTests {

    private static final String KEY = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    private static final String OTHER_KEY = "arn:aws:kms:eu-west-1:123456789012:key/other";

    private KmsStub kms;
    private SdkKmsUnwrapper unwrapper;
    private final byte[] k1 = bytes(1);
    private final byte[] k2 = bytes(2);

    @BeforeEach
    void start() throws Exception {
        kms = new KmsStub(KEY, OTHER_KEY);
        unwrapper = new SdkKmsUnwrapper(KmsClient.builder()
                .endpointOverride(kms.endpoint())
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
                .build());
    }

    @AfterEach
    void stop() {
        unwrapper.close();
        kms.close();
    }

    @Test
    void unwrapsThePrimaryAndPreviousKeysOnceEachWithTheirIdAsContext() throws Exception {
        KmsSecretKeys keys = new KmsSecretKeys(properties("k2", kms.wrap(KEY, k2, context("k2")),
                Map.of("k1", kms.wrap(KEY, k1, context("k1")))), KEY, unwrapper);

        assertThat(keys.primaryId()).isEqualTo("k2");
        assertThat(keys.key("k2").orElseThrow().getEncoded()).isEqualTo(k2);
        assertThat(keys.key("k1").orElseThrow().getEncoded()).isEqualTo(k1);
        assertThat(keys.key("k3")).isEmpty();
        assertThat(kms.calls).hasSize(2).allSatisfy(call -> {
            assertThat(call.target()).isEqualTo("TrentService.Decrypt");
            assertThat(call.authorization()).startsWith("AWS4-HMAC-SHA256 Credential=AKIDTEST/").contains("/eu-west-1/kms/aws4_request");
            assertThat(call.body().path("KeyId").asString()).isEqualTo(KEY);
        });
        assertThat(kms.calls).extracting(c -> c.body().path("EncryptionContext").path(KmsSecretKeys.CONTEXT_KEY).asString())
                .containsExactlyInAnyOrder("k1", "k2");
    }

    @Test
    void whatKmsKeysSealThePlainKeysOpenAndTheOtherWayRound(@org.junit.jupiter.api.io.TempDir Path data) throws Exception {
        SecretBox viaKms = new SecretBox(new KmsSecretKeys(properties("k1", kms.wrap(KEY, k1, context("k1")), Map.of()), KEY, unwrapper));
        SecretBox plain = new SecretBox(new ConfiguredSecretKeys(
                properties("k1", Base64.getEncoder().encodeToString(k1), Map.of()), external(data)));

        assertThat(plain.open(viaKms.seal("whsec_abc", "we_1"), "we_1")).isEqualTo("whsec_abc");
        assertThat(viaKms.open(plain.seal("whsec_def", "we_2"), "we_2")).isEqualTo("whsec_def");
    }

    @Test
    void aWrappedKeyRelabelledWithAnotherIdDoesNotUnwrap() throws Exception {
        String wrappedAsK1 = kms.wrap(KEY, k1, context("k1"));

        assertThatThrownBy(() -> new KmsSecretKeys(properties("k2", wrappedAsK1, Map.of()), KEY, unwrapper))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("KMS could not unwrap the secrets key k2")
                .hasMessageContaining("InvalidCiphertext")
                .hasMessageNotContaining(Base64.getEncoder().encodeToString(k1));
    }

    @Test
    void aKeyWrappedUnderAnotherKmsKeyDoesNotUnwrap() throws Exception {
        String wrapped = kms.wrap(OTHER_KEY, k1, context("k1"));

        assertThatThrownBy(() -> new KmsSecretKeys(properties("k1", wrapped, Map.of()), KEY, unwrapper))
                .hasMessageContaining("KMS could not unwrap the secrets key k1 under " + KEY);
    }

    @Test
    void refusesAMissingOrShortOrMalformedKey() throws Exception {
        assertThatThrownBy(() -> new KmsSecretKeys(properties("k1", "", Map.of()), KEY, unwrapper))
                .hasMessageContaining("SETTLE_SECRETS_KEY must be the KMS ciphertext");
        assertThatThrownBy(() -> new KmsSecretKeys(properties("k1", "not base64!", Map.of()), KEY, unwrapper))
                .hasMessageContaining("not valid base64");
        String short16 = kms.wrap(KEY, new byte[16], context("k1"));
        assertThatThrownBy(() -> new KmsSecretKeys(properties("k1", short16, Map.of()), KEY, unwrapper))
                .hasMessageContaining("16 bytes; it must be 32");
    }

    @Test
    void theConfigurationChoosesKmsOnlyWhenAKeyIdIsSet(@org.junit.jupiter.api.io.TempDir Path data) throws Exception {
        SecretsConfiguration configuration = new SecretsConfiguration();
        SecretsProperties plainKeys = properties("k1", Base64.getEncoder().encodeToString(k1), Map.of());
        assertThat(configuration.secretKeys(plainKeys, external(data), new KmsProperties(null, null, null)))
                .isInstanceOf(ConfiguredSecretKeys.class);
        assertThat(configuration.secretKeys(plainKeys, external(data), new KmsProperties(" ", null, null)))
                .isInstanceOf(ConfiguredSecretKeys.class);

        SecretsProperties wrapped = properties("k1", kms.wrap(KEY, k1, context("k1")), Map.of());
        System.setProperty("aws.accessKeyId", "AKIDTEST");
        System.setProperty("aws.secretAccessKey", "secret");
        try {
            var keys = configuration.secretKeys(wrapped, external(data), new KmsProperties(KEY, "eu-west-1", kms.endpoint()));
            assertThat(keys).isInstanceOf(KmsSecretKeys.class);
            assertThat(keys.key("k1").orElseThrow().getEncoded()).isEqualTo(k1);
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }

    @Test
    void theAwsBootScriptsEnvironmentBindsToThePrimaryAndPreviousKeys() throws Exception {
        // deploy/aws's settle-node.sh writes these lines, one SETTLE_SECRETS_PREVIOUSKEYS_<ID> per earlier key;
        // bound here as the application binds them: the environment above application.yml and its placeholders
        var sources = new org.springframework.core.env.MutablePropertySources();
        sources.addFirst(new org.springframework.core.env.SystemEnvironmentPropertySource(
                org.springframework.core.env.StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.<String, Object>of(
                "SETTLE_SECRETS_KEY", "wrapped-k2", "SETTLE_SECRETS_KEY_ID", "k2",
                "SETTLE_SECRETS_PREVIOUSKEYS_K1", "wrapped-k1", "SETTLE_KMS_KEY_ID", KEY)));
        new org.springframework.boot.env.YamlPropertySourceLoader()
                .load("application.yml", new org.springframework.core.io.ClassPathResource("application.yml"))
                .forEach(sources::addLast);
        var binder = new org.springframework.boot.context.properties.bind.Binder(
                org.springframework.boot.context.properties.source.ConfigurationPropertySources.from(sources),
                new org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver(sources));

        SecretsProperties secrets = binder.bind("settle.secrets", SecretsProperties.class).get();
        assertThat(secrets.key()).isEqualTo("wrapped-k2");
        assertThat(secrets.keyId()).isEqualTo("k2");
        assertThat(secrets.previousKeys()).containsExactly(Map.entry("k1", "wrapped-k1"));
        assertThat(binder.bind("settle.secrets.kms", KmsProperties.class).get().keyId()).isEqualTo(KEY);
    }

    private static Map<String, String> context(String id) {
        return Map.of(KmsSecretKeys.CONTEXT_KEY, id);
    }

    private static SecretsProperties properties(String id, String key, Map<String, String> previous) {
        return new SecretsProperties(key, id, previous, java.time.Duration.ofMinutes(1));
    }

    private static SettleProperties external(Path data) {
        return new SettleProperties(data, "http://localhost:8080", 1048576,
                new SettleProperties.Database("postgres://x@localhost/x", null, 20, 0, true, Map.of(),
                        org.springframework.util.unit.DataSize.ofGigabytes(1), java.time.Duration.ofMinutes(10),
                        java.time.Duration.ofSeconds(30), java.time.Duration.ofSeconds(15), java.time.Duration.ofSeconds(60),
                        10, java.time.Duration.ofSeconds(15), java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(15)),
                null);
    }

    private static byte[] bytes(int seed) {
        byte[] b = new byte[32];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (seed * 31 + i);
        }
        return b;
    }
}
