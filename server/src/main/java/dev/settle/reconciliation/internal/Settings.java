package dev.settle.reconciliation.internal;

import java.time.Duration;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.settle.shared.InvalidRequestException;
import dev.settle.tenancy.Tenant;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * An account's reconciliation settings: the SLA after which an unreported charge or refund is
 * {@code missing_in_report}, in whole days (0 to 90). Without one, {@code settle.reconciliation.sla}
 * (or its {@code sla-by-account} entry) applies. A run uses the SLA in force when it was created.
 */
@RestController
@Tag(name = "Reconciliation")
class Settings {

    static final int MAX_SLA_DAYS = 90;

    private final JdbcClient jdbc;
    private final ReconciliationProperties properties;

    Settings(JdbcClient jdbc, ReconciliationProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    record SettingsView(String object, boolean livemode, long slaSeconds, long slaDays) {
    }

    record UpdateSettings(@Nullable Integer slaDays) {
    }

    private static final String FIND = """
            SELECT sla_seconds
            FROM reconciliation_settings
            WHERE account_id = :account
              AND livemode = :livemode
            """;

    Duration sla(Tenant tenant) {
        Optional<Long> own = jdbc.sql(FIND).param("account", tenant.accountId()).param("livemode", tenant.livemode())
                .query(Long.class).optional();
        return own.map(Duration::ofSeconds).orElseGet(() -> properties.slaFor(tenant.accountId()));
    }

    @GetMapping("/v1/reconciliation/settings")
    @Operation(operationId = "retrieveReconciliationSettings", summary = "Retrieve the account's reconciliation settings")
    SettingsView get(Tenant tenant) {
        Duration sla = sla(tenant);
        return new SettingsView("reconciliation_settings", tenant.livemode(), sla.toSeconds(), sla.toDays());
    }

    private static final String UPSERT = """
            INSERT INTO reconciliation_settings (account_id, livemode, sla_seconds)
            VALUES (:account, :livemode, :sla)
            ON CONFLICT (account_id, livemode) DO UPDATE SET sla_seconds = EXCLUDED.sla_seconds
            """;

    @PostMapping("/v1/reconciliation/settings")
    @Operation(operationId = "updateReconciliationSettings", summary = "Update the account's reconciliation settings",
            description = "sla_days (0-90): how many days after a charge or refund the processor has to report it before it is missing_in_report.")
    @Transactional
    SettingsView update(Tenant tenant, @RequestBody UpdateSettings request) {
        if (request.slaDays() == null) {
            throw InvalidRequestException.missingParam("sla_days");
        }
        if (request.slaDays() < 0 || request.slaDays() > MAX_SLA_DAYS) {
            throw InvalidRequestException.invalidParam("sla_days", "sla_days must be 0 to " + MAX_SLA_DAYS + ".");
        }
        jdbc.sql(UPSERT).param("account", tenant.accountId()).param("livemode", tenant.livemode())
                .param("sla", Duration.ofDays(request.slaDays()).toSeconds()).update();
        return get(tenant);
    }
}
