package dev.settle.reconciliation.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import dev.settle.payments.Payments;
import dev.settle.payments.spi.ProcessorConnector;
import dev.settle.payments.spi.ProcessorUnavailableException;
import dev.settle.payments.spi.SettlementPeriod;
import dev.settle.shared.InvalidRequestException;
import dev.settle.shared.UpstreamException;
import dev.settle.tenancy.Tenant;

/**
 * Fetches one day's report for a tenant from its processor (the connector SPI) and ingests it as
 * an upload: stored, then read. Used by the daily pull and by {@code POST
 * /v1/reconciliation/reports/fetch}, which in test mode may ask the simulator for breaks.
 */
@Service
class ReportFetch {

    private final Payments payments;
    private final ReportIngestion ingestion;
    private final JdbcClient jdbc;
    private final Clock clock;

    ReportFetch(Payments payments, ReportIngestion ingestion, JdbcClient jdbc, Clock clock) {
        this.payments = payments;
        this.ingestion = ingestion;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    ReportIngestion.Ingested fetch(Tenant tenant, String processor, LocalDate day, Set<String> breaks) {
        ProcessorConnector connector = payments.connector(processor)
                .orElseThrow(() -> InvalidRequestException.invalidParam("processor", "No processor named '" + processor + "'."));
        if (!SettlementPeriod.BREAKS.containsAll(breaks)) {
            throw InvalidRequestException.invalidParam("breaks", "breaks are " + SettlementPeriod.BREAKS.stream().sorted().toList() + ".");
        }
        if (!breaks.isEmpty() && tenant.livemode()) {
            throw InvalidRequestException.invalidParam("breaks", "breaks are for test mode only.");
        }
        ReportIngestion.Ingested ingested;
        try (InputStream in = connector.fetchSettlementReport(new SettlementPeriod(SettlementPeriod.merchant(tenant), day,
                SettlementPeriod.STRIPE_ITEMIZED, breaks))) {
            ingested = ingestion.upload(tenant, in);
        } catch (ProcessorUnavailableException e) {
            throw new UpstreamException("processor_unavailable", "The processor gave no report for " + day + "; try again.");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (breaks.isEmpty()) {
            recordPull(tenant, processor, day, ingested.report().id());
        }
        return ingested;
    }

    private static final String PULLED = """
            INSERT INTO reconciliation_pulls (account_id, livemode, processor, day, report_id, pulled_at)
            VALUES (:account, :livemode, :processor, :day, :report, :now)
            ON CONFLICT DO NOTHING
            """;

    private void recordPull(Tenant tenant, String processor, LocalDate day, String reportId) {
        jdbc.sql(PULLED)
                .param("account", tenant.accountId())
                .param("livemode", tenant.livemode())
                .param("processor", processor)
                .param("day", day)
                .param("report", reportId)
                .param("now", Timestamp.from(clock.instant()))
                .update();
    }
}
