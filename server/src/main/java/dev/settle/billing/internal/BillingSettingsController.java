package dev.settle.billing.internal;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.settle.shared.InvalidRequestException;
import dev.settle.tenancy.Tenant;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The account's (per mode) dunning schedule. */
@RestController
@RequestMapping("/v1/billing/settings")
@Tag(name = "Billing settings")
class BillingSettingsController {

    private final DunningSettings settings;

    BillingSettingsController(DunningSettings settings) {
        this.settings = settings;
    }

    record SettingsRequest(@Nullable List<Integer> retryDays, @Nullable String afterFinalRetry) {
    }

    record SettingsView(String object, List<Integer> retryDays, String afterFinalRetry) {
    }

    @GetMapping
    @Operation(operationId = "retrieveBillingSettings", summary = "Retrieve the dunning schedule")
    SettingsView retrieve(Tenant tenant) {
        DunningSettings.Schedule schedule = settings.of(tenant);
        return new SettingsView("billing_settings", schedule.retryDays(), schedule.afterFinalRetry());
    }

    @PostMapping
    @Transactional
    @Operation(operationId = "updateBillingSettings", summary = "Set the dunning schedule", description = "retry_days: up to 8 retries, in days after the first failed payment, strictly ascending, each 1–60; after_final_retry: cancel or unpaid.")
    SettingsView update(Tenant tenant, @RequestBody SettingsRequest request) {
        DunningSettings.Schedule current = settings.of(tenant);
        List<Integer> days = request.retryDays() == null ? current.retryDays() : request.retryDays();
        if (days.size() > 8) {
            throw InvalidRequestException.invalidParam("retry_days", "At most 8 retries.");
        }
        for (int i = 0; i < days.size(); i++) {
            Integer day = days.get(i);
            if (day == null || day < 1 || day > 60 || (i > 0 && day <= days.get(i - 1))) {
                throw InvalidRequestException.invalidParam("retry_days[" + i + "]",
                        "retry_days must ascend strictly, each 1 to 60 days after the first failure.");
            }
        }
        String after = request.afterFinalRetry() == null ? current.afterFinalRetry() : request.afterFinalRetry();
        if (!after.equals("cancel") && !after.equals("unpaid")) {
            throw InvalidRequestException.invalidParam("after_final_retry", "after_final_retry must be cancel or unpaid.");
        }
        DunningSettings.Schedule schedule = new DunningSettings.Schedule(List.copyOf(days), after);
        settings.save(tenant, schedule);
        return new SettingsView("billing_settings", schedule.retryDays(), schedule.afterFinalRetry());
    }
}
