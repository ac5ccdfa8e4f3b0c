package dev.settle.platform.internal;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.stereotype.Component;

/**
 * Migrates at start, but first refuses a database that a newer version of Settle has migrated:
 * this version would run on a schema it does not know (Flyway alone would ignore the newer
 * migrations). In a rolling upgrade the old nodes keep running; a node of the old version
 * started after the upgrade stops here with a message saying so.
 */
@Component
class NewerSchemaGuard implements FlywayMigrationStrategy {

    @Override
    public void migrate(Flyway flyway) {
        List<MigrationInfo> newer = Arrays.stream(flyway.info().all())
                .filter(info -> info.getState() == MigrationState.FUTURE_SUCCESS || info.getState() == MigrationState.FUTURE_FAILED)
                .filter(info -> info.getVersion() != null)
                .toList();
        if (!newer.isEmpty()) {
            MigrationInfo newest = newer.stream().max(Comparator.comparing(MigrationInfo::getVersion)).orElseThrow();
            MigrationInfo known = Arrays.stream(flyway.info().applied())
                    .filter(info -> info.getVersion() != null && info.getState() != MigrationState.FUTURE_SUCCESS
                            && info.getState() != MigrationState.FUTURE_FAILED)
                    .max(Comparator.comparing(MigrationInfo::getVersion)).orElse(null);
            throw new IllegalStateException("The database was migrated by a newer version of Settle (schema version "
                    + newest.getVersion() + " \"" + newest.getDescription() + "\"; this version knows up to "
                    + (known == null ? "none" : known.getVersion()) + "). Run the newer version of Settle on this database;"
                    + " an older one does not start on it.");
        }
        flyway.migrate();
    }
}
