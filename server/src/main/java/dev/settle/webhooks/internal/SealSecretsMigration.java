package dev.settle.webhooks.internal;

import java.util.zip.CRC32;

import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.stereotype.Component;

/**
 * V55: seals the signing secrets that earlier versions stored in the clear. A Java migration rather
 * than SQL because the key lives in the application, never in the database; run by Flyway before
 * the server takes requests, in the migration's transaction, so once upgraded no secret is left in
 * the clear and a failed upgrade leaves the table as it was.
 */
@Component
class SealSecretsMigration implements JavaMigration {

    private static final String DESCRIPTION = "webhooks secrets sealed";

    private final SecretReencryption reencryption;

    SealSecretsMigration(SecretReencryption reencryption) {
        this.reencryption = reencryption;
    }

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("55");
    }

    @Override
    public String getDescription() {
        return DESCRIPTION;
    }

    @Override
    public Integer getChecksum() {
        CRC32 crc = new CRC32();
        crc.update(DESCRIPTION.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return (int) crc.getValue();
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) {
        JdbcClient jdbc = JdbcClient.create(new SingleConnectionDataSource(context.getConnection(), true));
        while (reencryption.batch(jdbc) == SecretReencryption.BATCH) {
            // next batch
        }
    }
}
