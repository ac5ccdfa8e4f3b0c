package dev.settle.reconciliation.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;

import java.util.List;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.settle.files.FileLink;
import dev.settle.files.Files;
import dev.settle.files.StoredFile;
import dev.settle.shared.ResourceNotFoundException;
import dev.settle.tenancy.Tenant;

/**
 * Takes a report in: the bytes go to the object store as they arrive (hashed on the way), a file
 * whose SHA-256 this account already has is that report again, and a new one is read line by line
 * into its lines (COPY) in one transaction with the report and its pending run. A file refused as
 * a whole rolls that transaction back: nothing of it is written.
 */
@Service
class ReportIngestion {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ReportIngestion.class);

    /** Bad lines kept per report to show; all are counted. */
    static final int ERRORS_KEPT = 10_000;

    private final Files files;
    private final Reports reports;
    private final JdbcClient jdbc;
    private final DataSource dataSource;
    private final TransactionTemplate transactions;
    private final ReconciliationProperties properties;
    private final Settings settings;
    private final Clock clock;

    ReportIngestion(Files files, Reports reports, JdbcClient jdbc, DataSource dataSource, PlatformTransactionManager transactionManager,
            ReconciliationProperties properties, Settings settings, Clock clock) {
        this.settings = settings;
        this.files = files;
        this.reports = reports;
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.transactions = new TransactionTemplate(transactionManager);
        this.properties = properties;
        this.clock = clock;
    }

    /** What an ingestion produced; {@code duplicate} when the same file had been ingested before. */
    record Ingested(Reports.Report report, List<LineError> errors, boolean duplicate) {
    }

    static String prefix(Tenant tenant) {
        return tenant.accountId() + "/" + (tenant.livemode() ? "live" : "test");
    }

    /** An upload: stored first (so it is read from disk, not memory), then ingested. */
    Ingested upload(Tenant tenant, InputStream body) {
        long started = System.nanoTime();
        StoredFile file = files.put(prefix(tenant), body);
        log.info("Report of {} bytes stored as {} in {} ms", file.size(), file.key(), (System.nanoTime() - started) / 1_000_000);
        try {
            return ingest(tenant, file);
        } catch (dev.settle.shared.InvalidRequestException refused) {
            if (reports.bySha(tenant, file.sha256()).isEmpty()) {
                files.delete(prefix(tenant), file.sha256());
            }
            throw refused;
        }
    }

    /** A file already in the object store, named by its key; another account's is not found. */
    Ingested stored(Tenant tenant, String key) {
        StoredFile file = (key.startsWith(prefix(tenant) + "/") ? files.find(key) : java.util.Optional.<StoredFile>empty())
                .orElseThrow(() -> new ResourceNotFoundException("file", key, "file"));
        return ingest(tenant, file);
    }

    /** A short-lived download link of the report's file; another account's report is not found. */
    FileLinked link(Tenant tenant, String reportId, URI base) {
        Reports.Report report = reports.find(tenant, reportId).orElseThrow(() -> new ResourceNotFoundException("reconciliation_report", reportId, "id"));
        FileLink link = files.link(prefix(tenant), report.sha256(), "report-" + report.id() + ".csv", "text/csv", base)
                .orElseThrow(() -> new ResourceNotFoundException("file", report.fileKey(), "id"));
        return new FileLinked(report, link);
    }

    record FileLinked(Reports.Report report, FileLink link) {
    }

    Ingested ingest(Tenant tenant, StoredFile file) {
        var existing = reports.bySha(tenant, file.sha256());
        if (existing.isPresent()) {
            return new Ingested(existing.get(), reports.errors(existing.get().id(), 100), true);
        }
        // Ids are the account's own: two accounts may upload the same bytes.
        String reportId = dev.settle.shared.Ids.newId("rpt");
        Ingested ingested = transactions.execute(status -> {
            long reading = System.nanoTime();
            jdbc.sql("SET LOCAL statement_timeout = " + properties.runTimeout().toMillis()).update();
            Instant now = clock.instant();
            if (!reports.insert(tenant, reportId, file.sha256(), file.key(), file.size(), now)) {
                return null;
            }
            List<LineError> errors = new ArrayList<>();
            long[] errorCount = {0};
            Instant[] period = {null, null};
            ReportLayout layout;
            long lines;
            try (InputStream in = files.open(prefix(tenant), file.sha256()).orElseThrow();
                    LineCopy copy = new LineCopy(dataSource, reportId)) {
                layout = ReportReader.read(in, line -> {
                    try {
                        copy.add(line);
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                    if (period[0] == null || line.created().isBefore(period[0])) {
                        period[0] = line.created();
                    }
                    if (period[1] == null || line.created().isAfter(period[1])) {
                        period[1] = line.created();
                    }
                }, error -> {
                    if (errors.size() < ERRORS_KEPT) {
                        errors.add(error);
                    }
                    errorCount[0]++;
                });
                lines = copy.finish();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (SQLException e) {
                throw new IllegalStateException("Could not write the report's lines", e);
            }
            if (!errors.isEmpty()) {
                reports.insertErrors(reportId, errors);
            }
            reports.complete(reportId, layout.code, lines, errorCount[0], startOfDay(period[0]),
                    period[1] == null ? null : startOfDay(period[1]).plus(1, ChronoUnit.DAYS));
            String runId = dev.settle.shared.Ids.newId("rcr");
            reports.insertRun(tenant, runId, reportId, now, settings.sla(tenant).toSeconds());
            log.info("Report {} ingested: {} lines, {} refused, in {} ms before the commit", reportId, lines, errorCount[0],
                    (System.nanoTime() - reading) / 1_000_000);
            return new Ingested(reports.find(tenant, reportId).orElseThrow(), errors.subList(0, Math.min(100, errors.size())), false);
        });
        if (ingested == null) {
            Reports.Report first = reports.bySha(tenant, file.sha256()).orElseThrow();
            return new Ingested(first, reports.errors(first.id(), 100), true);
        }
        return ingested;
    }

    private static @Nullable Instant startOfDay(@Nullable Instant time) {
        return time == null ? null : time.atZone(ZoneOffset.UTC).toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
