package dev.settle.reconciliation.internal;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.jspecify.annotations.Nullable;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.settle.shared.InvalidRequestException;
import dev.settle.shared.ListPage;
import dev.settle.shared.ListParams;
import dev.settle.shared.ResourceNotFoundException;
import dev.settle.tenancy.ApiKeyId;
import dev.settle.tenancy.Tenant;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Runs and items: read, listed, exported as CSV, and resolved. */
@RestController
@Tag(name = "Reconciliation")
class ResultsController {

    private static final String[] EXPORT_COLUMNS = {"id", "run", "class", "category", "reference", "internal_id", "report_line",
            "currency", "expected_amount", "expected_fee", "reported_amount", "reported_fee", "reported_currency", "occurred", "status",
            "resolution", "resolved_by", "ledger_transaction"};

    private final Runs runs;
    private final Items items;
    private final Resolutions resolutions;
    private final TransactionTemplate readOnly;

    ResultsController(Runs runs, Items items, Resolutions resolutions, PlatformTransactionManager transactionManager) {
        this.runs = runs;
        this.items = items;
        this.resolutions = resolutions;
        this.readOnly = new TransactionTemplate(transactionManager);
        this.readOnly.setReadOnly(true);
    }

    @GetMapping("/v1/reconciliation/runs/{id}")
    @Operation(operationId = "retrieveReconciliationRun", summary = "Retrieve a reconciliation run",
            description = "status pending until the run is done, then completed with counts per class.")
    Views.RunView run(Tenant tenant, @PathVariable String id) {
        return runs.find(tenant, id).map(run -> Views.RunView.of(run, tenant.livemode()))
                .orElseThrow(() -> new ResourceNotFoundException("reconciliation_run", id, "id"));
    }

    @GetMapping("/v1/reconciliation/runs")
    @Operation(operationId = "listReconciliationRuns", summary = "List reconciliation runs", description = "Newest first.")
    ListPage<Views.RunView> runs(Tenant tenant,
            @RequestParam(required = false) @Nullable String limit,
            @RequestParam(name = "starting_after", required = false) @Nullable String startingAfter,
            @RequestParam(name = "ending_before", required = false) @Nullable String endingBefore) {
        ListParams params = ListParams.parse(limit, startingAfter, endingBefore);
        return ListPage.of(runs.list(tenant, params), params, "/v1/reconciliation/runs").map(run -> Views.RunView.of(run, tenant.livemode()));
    }

    @GetMapping("/v1/reconciliation/items/{id}")
    @Operation(operationId = "retrieveReconciliationItem", summary = "Retrieve a reconciliation item")
    Views.ItemView item(Tenant tenant, @PathVariable String id) {
        return items.find(tenant, id).map(item -> Views.ItemView.of(item, tenant.livemode()))
                .orElseThrow(() -> new ResourceNotFoundException("reconciliation_item", id, "id"));
    }

    @GetMapping("/v1/reconciliation/items")
    @Operation(operationId = "listReconciliationItems", summary = "List reconciliation items",
            description = "Newest first; filter by class, run, currency and date (the UTC day the charge, refund or payout happened, YYYY-MM-DD).")
    ListPage<Views.ItemView> items(Tenant tenant,
            @RequestParam(required = false) @Nullable String limit,
            @RequestParam(name = "starting_after", required = false) @Nullable String startingAfter,
            @RequestParam(name = "ending_before", required = false) @Nullable String endingBefore,
            @RequestParam(name = "class", required = false) @Nullable String itemClass,
            @RequestParam(required = false) @Nullable String run,
            @RequestParam(required = false) @Nullable String currency,
            @RequestParam(required = false) @Nullable String date) {
        ListParams params = ListParams.parse(limit, startingAfter, endingBefore);
        Items.Filter filter = filter(tenant, itemClass, run, currency, date);
        return ListPage.of(items.list(tenant, params, filter), params, "/v1/reconciliation/items")
                .map(item -> Views.ItemView.of(item, tenant.livemode()));
    }

    @GetMapping("/v1/reconciliation/items/export")
    @Operation(operationId = "exportReconciliationItems", summary = "Export reconciliation items as CSV",
            description = "Every item the filters select (class, run, currency, date), oldest first, streamed as text/csv.")
    void export(Tenant tenant, HttpServletResponse response,
            @RequestParam(name = "class", required = false) @Nullable String itemClass,
            @RequestParam(required = false) @Nullable String run,
            @RequestParam(required = false) @Nullable String currency,
            @RequestParam(required = false) @Nullable String date) throws IOException {
        Items.Filter filter = filter(tenant, itemClass, run, currency, date);
        response.setContentType("text/csv; charset=utf-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"reconciliation-items.csv\"");
        Writer out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').setHeader(EXPORT_COLUMNS).get());
        readOnly.executeWithoutResult(status -> items.export(tenant, filter, item -> {
            try {
                csv.printRecord(item.id(), item.runId(), item.itemClass(), item.category(), item.reference(), item.objectId(),
                        item.reportLine(), item.currency(), item.expectedAmount(), item.expectedFee(), item.reportedAmount(),
                        item.reportedFee(), item.reportedCurrency(), item.occurred().getEpochSecond(), item.status(), item.resolution(),
                        item.resolvedBy(), item.ledgerTransaction());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }));
        csv.flush();
    }

    record ResolveRequest(@Nullable String action, @Nullable String note) {
    }

    @PostMapping("/v1/reconciliation/items/{id}/resolve")
    @Operation(operationId = "resolveReconciliationItem", summary = "Resolve a discrepancy",
            description = "action: accept_processor (post the difference to reconciliation_adjustments), write_off (to write_offs) or ignore (no posting); "
                    + "note optional. The ledger transaction is posted with the resolution; resolving again the same way answers the item as it is.")
    Views.ItemView resolve(Tenant tenant, @PathVariable String id, @RequestBody ResolveRequest request, HttpServletRequest http) {
        if (request.action() == null) {
            throw InvalidRequestException.missingParam("action");
        }
        Object key = http.getAttribute(ApiKeyId.REQUEST_ATTRIBUTE);
        String by = key instanceof ApiKeyId apiKey ? apiKey.value() : "unknown";
        return Views.ItemView.of(resolutions.resolve(tenant, id, request.action(), request.note(), by), tenant.livemode());
    }

    private Items.Filter filter(Tenant tenant, @Nullable String itemClass, @Nullable String run, @Nullable String currency,
            @Nullable String date) {
        if (itemClass != null && !ItemClass.codes().contains(itemClass)) {
            throw InvalidRequestException.invalidParam("class", "class must be one of " + String.join(", ", ItemClass.codes()) + ".");
        }
        if (run != null && runs.find(tenant, run).isEmpty()) {
            throw new ResourceNotFoundException("reconciliation_run", run, "run");
        }
        String code = currency == null ? null : dev.settle.shared.CurrencyUnit.of(currency, "currency").code();
        LocalDate day = null;
        if (date != null) {
            try {
                day = LocalDate.parse(date);
            } catch (DateTimeParseException e) {
                throw InvalidRequestException.invalidParam("date", "date must be a day as YYYY-MM-DD.");
            }
        }
        return new Items.Filter(itemClass == null ? null : itemClass.toLowerCase(Locale.ROOT), run, code,
                day == null ? null : day.atStartOfDay(ZoneOffset.UTC).toInstant(),
                day == null ? null : day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
    }
}
