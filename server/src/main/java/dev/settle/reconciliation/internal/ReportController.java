package dev.settle.reconciliation.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import dev.settle.shared.ApiException;
import dev.settle.shared.InvalidRequestException;
import dev.settle.shared.PayloadTooLargeException;
import dev.settle.tenancy.Tenant;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /v1/reconciliation/reports}: a report as the raw body ({@code text/csv} or
 * {@code application/octet-stream}), as the {@code file} part of a multipart form, or as JSON
 * {@code {"file": "<key>"}} naming a file already stored. Streamed to the object store, never
 * held whole in memory; up to {@code settle.reconciliation.max-report-bytes} (1 GB).
 */
@RestController
@Tag(name = "Reconciliation")
class ReportController {

    private static final int MAX_JSON = 64 * 1024;

    private final ReportIngestion ingestion;
    private final ReportFetch fetch;
    private final ReconciliationProperties properties;
    private final JsonMapper json;

    ReportController(ReportIngestion ingestion, ReportFetch fetch, ReconciliationProperties properties, JsonMapper json) {
        this.ingestion = ingestion;
        this.fetch = fetch;
        this.properties = properties;
        this.json = json;
    }

    @PostMapping("/v1/reconciliation/reports")
    @Operation(operationId = "createReconciliationReport", summary = "Ingest a settlement report",
            description = "Send the CSV as the raw body (text/csv), as the file part of multipart/form-data, or {\"file\": key} for a stored file. "
                    + "The layout is recognised by the header (Stripe itemized balance transactions, or the simulator's). The same file twice is "
                    + "one report (duplicate: true). Bad lines are listed with their line numbers; a file refused as a whole is a 400 and writes nothing. "
                    + "The report's run is done in the background: GET /v1/reconciliation/runs/{run}.")
    Views.ReportView create(Tenant tenant, HttpServletRequest request) throws IOException, ServletException {
        long max = properties.maxReportBytes().toBytes();
        if (request.getContentLengthLong() > max) {
            throw new PayloadTooLargeException(max);
        }
        String type = request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
        ReportIngestion.Ingested ingested;
        if (type.startsWith("application/json")) {
            ingested = ingestion.stored(tenant, fileKey(request));
        } else if (type.startsWith("multipart/form-data")) {
            Part part = request.getPart("file");
            if (part == null) {
                throw InvalidRequestException.missingParam("file");
            }
            try (InputStream in = new Limited(part.getInputStream(), max)) {
                ingested = ingestion.upload(tenant, in);
            }
        } else if (type.isEmpty() || type.startsWith("text/csv") || type.startsWith("text/plain") || type.startsWith("application/octet-stream")) {
            try (InputStream in = new Limited(request.getInputStream(), max)) {
                ingested = ingestion.upload(tenant, in);
            }
        } else {
            throw new ApiException(415, "unsupported_media_type",
                    "Send the report as text/csv, multipart/form-data (part file) or application/json {\"file\": key}.", null) {
                @Override
                public String title() {
                    return "Unsupported media type";
                }
            };
        }
        return Views.ReportView.of(ingested, tenant.livemode());
    }

    @GetMapping("/v1/reconciliation/reports/{id}/file")
    @Operation(operationId = "retrieveReconciliationReportFile", summary = "A download link for a report's file",
            description = "The report's file as it was received, downloadable from url with a plain GET and no API key until expires_at "
                    + "(settle.files.link-ttl, 5 minutes): a presigned URL when files are kept in S3. Ask again for a fresh link.")
    Views.FileLinkView file(Tenant tenant, @PathVariable String id, HttpServletRequest request) {
        URI base = ServletUriComponentsBuilder.fromContextPath(request).replacePath(request.getContextPath()).replaceQuery(null).build().toUri();
        return Views.FileLinkView.of(ingestion.link(tenant, id, base), tenant.livemode());
    }

    record FetchRequest(@Nullable String date, @Nullable String processor, @Nullable List<String> breaks) {
    }

    @PostMapping("/v1/reconciliation/reports/fetch")
    @Operation(operationId = "fetchReconciliationReport", summary = "Fetch a day's report from the processor",
            description = "Fetches the processor's settlement report of one UTC day (date, YYYY-MM-DD) for this account and ingests it, as the daily pull does. "
                    + "processor defaults to simulator. In test mode, breaks asks the simulator for discrepancies: missing, amount, currency, duplicate, fee, unknown, payout.")
    Views.ReportView fetch(Tenant tenant, @RequestBody FetchRequest request) {
        if (request.date() == null) {
            throw InvalidRequestException.missingParam("date");
        }
        LocalDate day;
        try {
            day = LocalDate.parse(request.date());
        } catch (DateTimeParseException e) {
            throw InvalidRequestException.invalidParam("date", "date must be a day as YYYY-MM-DD.");
        }
        return Views.ReportView.of(fetch.fetch(tenant, request.processor() == null ? "simulator" : request.processor(), day,
                request.breaks() == null ? Set.of() : Set.copyOf(request.breaks())), tenant.livemode());
    }

    private String fileKey(HttpServletRequest request) throws IOException {
        byte[] body = request.getInputStream().readNBytes(MAX_JSON + 1);
        if (body.length > MAX_JSON) {
            throw new PayloadTooLargeException(MAX_JSON);
        }
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (RuntimeException e) {
            throw new InvalidRequestException("invalid_json", "The body is not valid JSON.", null);
        }
        if (node == null || !node.isObject()) {
            throw new InvalidRequestException("invalid_json", "The body must be a JSON object {\"file\": key}.", null);
        }
        for (String name : node.propertyNames()) {
            if (!Set.of("file").contains(name)) {
                throw new InvalidRequestException("parameter_unknown", "Received unknown parameter: " + name + ".", name);
            }
        }
        JsonNode file = node.get("file");
        if (file == null || file.isNull()) {
            throw InvalidRequestException.missingParam("file");
        }
        if (!file.isString()) {
            throw InvalidRequestException.invalidParam("file", "file must be a stored file's key.");
        }
        return file.asString();
    }

    /** Refuses a body past the limit while it streams, for senders that declared no length. */
    private static final class Limited extends FilterInputStream {

        private final long max;
        private long read;

        Limited(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            count(Math.max(n, 0));
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > max) {
                throw new PayloadTooLargeException(max);
            }
        }
    }
}
