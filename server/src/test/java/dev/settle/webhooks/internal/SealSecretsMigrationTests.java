package dev.settle.webhooks.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.util.Properties;

import javax.sql.DataSource;

import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.migration.Context;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.settle.platform.EmbeddedSecretsFile;
import dev.settle.platform.SettleProperties;
import dev.settle.shared.Ids;
import dev.settle.support.SettleTest;

/**
 * Upgrading from a version that kept signing secrets in the clear: migration V55 seals them (current
 * and previous), and the job seals any a not-yet-upgraded node wrote meanwhile. The embedded key is
 * generated once and kept private.
 */
@SettleTest
class SealSecretsMigrationTests {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    SealSecretsMigration migration;

    @Autowired
    SecretReencryption reencryption;

    @Autowired
    SealedSecrets sealed;

    @Autowired
    SettleProperties settle;

    @Test
    void theUpgradeMigrationSealsSecretsStoredInTheClear() throws Exception {
        String id = legacyEndpoint("whsec_bGVnYWN5LWN1cnJlbnQtc2VjcmV0LTMyLWJ5dGVzISE=", "whsec_bGVnYWN5LXByZXZpb3VzLXNlY3JldC0zMi1ieXRlcyE=");

        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            migration.migrate(new Context() {
                @Override
                public Configuration getConfiguration() {
                    throw new UnsupportedOperationException();
                }

                @Override
                public Connection getConnection() {
                    return connection;
                }
            });
            connection.commit();
        }

        assertSealed(id, "whsec_bGVnYWN5LWN1cnJlbnQtc2VjcmV0LTMyLWJ5dGVzISE=", "whsec_bGVnYWN5LXByZXZpb3VzLXNlY3JldC0zMi1ieXRlcyE=");
    }

    @Test
    void theJobSealsWhatAnOlderNodeWroteInTheClear() {
        String id = legacyEndpoint("whsec_b2xkZXItbm9kZS13cm90ZS10aGlzLWluLXRoZS1jbGVhcg==", null);

        reencryption.batch(jdbc);

        assertSealed(id, "whsec_b2xkZXItbm9kZS13cm90ZS10aGlzLWluLXRoZS1jbGVhcg==", null);
    }

    @Test
    void theEmbeddedKeyIsGeneratedOnceAndKeptPrivate() throws Exception {
        Path file = EmbeddedSecretsFile.of(settle);
        Properties stored = EmbeddedSecretsFile.load(file);

        assertThat(java.util.Base64.getDecoder().decode(stored.getProperty("secrets-key"))).hasSize(32);
        assertThat(stored.getProperty("secrets-key-id")).isEqualTo("k1");
        assertThat(stored.getProperty("key-pepper")).as("the tenancy secrets kept beside it").isNotBlank();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    private void assertSealed(String id, String current, String previous) {
        var row = jdbc.sql("SELECT secret, previous_secret, account_id FROM webhooks_endpoints WHERE id = :id").param("id", id)
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)}).single();
        assertThat(row[0]).startsWith("sbx1.k1.").doesNotContain(current.substring(6));
        assertThat(sealed.open(row[0], id, row[2])).isEqualTo(current);
        if (previous == null) {
            assertThat(row[1]).isNull();
        } else {
            assertThat(row[1]).startsWith("sbx1.k1.");
            assertThat(sealed.open(row[1], id, row[2])).isEqualTo(previous);
        }
    }

    private String legacyEndpoint(String secret, String previous) {
        String id = Ids.newId("we");
        jdbc.sql("""
                INSERT INTO webhooks_endpoints (id, account_id, livemode, url, enabled_events, status, secret, previous_secret,
                                                previous_secret_expires_at, created_at)
                VALUES (:id, 'acct_legacy', false, 'http://127.0.0.1:9/', '{*}', 'disabled', :secret, :previous,
                        now() + interval '1 hour', now())
                """).param("id", id).param("secret", secret).param("previous", previous).update();
        return id;
    }
}
