package dev.settle.reconciliation.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How reports, runs and items show in the API and in events. Amounts in minor units. */
final class Views {

    private Views() {
    }

    record LineErrorView(int line, String code, @Nullable String param, String message) {

        static LineErrorView of(LineError error) {
            return new LineErrorView(error.line(), error.code(), error.param(), error.message());
        }
    }

    record ReportView(String id, String object, boolean livemode, String layout, String sha256, String file, long size, int lines,
            int errorCount, List<LineErrorView> errors, String run, boolean duplicate, long created) {

        static ReportView of(ReportIngestion.Ingested ingested, boolean livemode) {
            Reports.Report report = ingested.report();
            return new ReportView(report.id(), "reconciliation_report", livemode, report.layout(), report.sha256(), report.fileKey(),
                    report.size(), report.lineCount(), report.errorCount(), ingested.errors().stream().map(LineErrorView::of).toList(),
                    report.runId(), ingested.duplicate(), report.created().getEpochSecond());
        }
    }

    record FileLinkView(String object, boolean livemode, String report, String url, long expiresAt, String sha256, long size) {

        static FileLinkView of(ReportIngestion.FileLinked linked, boolean livemode) {
            return new FileLinkView("file_link", livemode, linked.report().id(), linked.link().url().toString(),
                    linked.link().expiresAt().getEpochSecond(), linked.report().sha256(), linked.report().size());
        }
    }

    record RunView(String id, String object, boolean livemode, String report, String status, Map<String, Long> counts, long asOf,
            long created, @Nullable Long completed) {

        static RunView of(Runs.RunRow run, boolean livemode) {
            return new RunView(run.id(), "reconciliation_run", livemode, run.reportId(), run.status(), run.counts(),
                    run.asOf().getEpochSecond(), run.created().getEpochSecond(), seconds(run.completed()));
        }
    }

    record ItemView(String id, String object, boolean livemode, String run, @JsonProperty("class") String itemClass, String category,
            String reference, @Nullable String internalId, @Nullable Integer reportLine, String currency, @Nullable Long expectedAmount,
            @Nullable Long expectedFee, @Nullable Long reportedAmount, @Nullable Long reportedFee, @Nullable String reportedCurrency,
            long occurred, String status, @Nullable String resolution, @Nullable String note, @Nullable String resolvedBy,
            @Nullable Long resolvedAt, @Nullable String ledgerTransaction, long created) {

        static ItemView of(Item item, boolean livemode) {
            return new ItemView(item.id(), "reconciliation_item", livemode, item.runId(), item.itemClass(), item.category(),
                    item.reference(), item.objectId(), item.reportLine(), item.currency(), item.expectedAmount(), item.expectedFee(),
                    item.reportedAmount(), item.reportedFee(), item.reportedCurrency(), item.occurred().getEpochSecond(), item.status(),
                    item.resolution(), item.note(), item.resolvedBy(), seconds(item.resolvedAt()), item.ledgerTransaction(),
                    item.created().getEpochSecond());
        }
    }

    private static @Nullable Long seconds(@Nullable Instant time) {
        return time == null ? null : time.getEpochSecond();
    }
}
