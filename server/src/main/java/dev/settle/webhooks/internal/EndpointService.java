package dev.settle.webhooks.internal;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.settle.shared.Ids;
import dev.settle.shared.InvalidRequestException;
import dev.settle.shared.ListPage;
import dev.settle.shared.ListParams;
import dev.settle.shared.Metadata;
import dev.settle.shared.ResourceNotFoundException;
import dev.settle.tenancy.AuditLog;
import dev.settle.tenancy.Tenant;

/** Creates, changes and deletes webhook endpoints and rotates their signing secrets. */
@Service
class EndpointService {

    private static final String OBJECT = "webhook_endpoint";
    static final long DEFAULT_OLD_SECRET_LIFETIME = 86_400;
    static final long MAX_OLD_SECRET_LIFETIME = 604_800;

    private final EndpointRepository endpoints;
    private final DeliveryRepository deliveries;
    private final UrlGuard guard;
    private final Clock clock;
    private final AuditLog audit;

    EndpointService(EndpointRepository endpoints, DeliveryRepository deliveries, UrlGuard guard, Clock clock, AuditLog audit) {
        this.audit = audit;
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.guard = guard;
        this.clock = clock;
    }

    /** Fields of a create or update; null means "not given". */
    record Changes(@Nullable String url, @Nullable List<String> enabledEvents, @Nullable String description,
            @Nullable Map<String, String> metadata, @Nullable List<Integer> retrySchedule, @Nullable Boolean disabled) {
    }

    /** An endpoint with the secret that was just made for it (shown once). */
    record WithSecret(WebhookEndpoint endpoint, String secret) {

        @Override
        public String toString() {
            return "WithSecret[" + endpoint.id() + "]";
        }
    }

    @Transactional
    WithSecret create(Tenant tenant, Changes request) {
        URI url = EndpointFields.url(request.url());
        List<String> events = EndpointFields.enabledEvents(request.enabledEvents());
        String description = EndpointFields.description(request.description());
        Map<String, String> metadata = Metadata.validate(request.metadata());
        List<Integer> schedule = request.retrySchedule() == null ? null : EndpointFields.retrySchedule(request.retrySchedule());
        guard.checkRegistration(url, tenant.livemode());
        WebhookEndpoint endpoint = new WebhookEndpoint(Ids.newId("we"), tenant.accountId(), tenant.livemode(), request.url(),
                description, events, WebhookEndpoint.Status.ENABLED, null, schedule, metadata, clock.instant());
        String secret = SigningSecrets.generate();
        endpoints.insert(endpoint, secret);
        audit.record(tenant, "webhook_endpoint.created", OBJECT, endpoint.id(), AuditLog.created(endpoint.audited()));
        return new WithSecret(endpoint, secret);
    }

    WebhookEndpoint retrieve(Tenant tenant, String id) {
        return endpoints.find(tenant, id).orElseThrow(() -> notFound(id));
    }

    /**
     * Fields given are set, the rest stay; metadata merges. {@code retry_schedule: []} returns to
     * the installation's schedule. Disabling stops the pending deliveries ({@code recover} can
     * restart them once the endpoint is enabled again).
     */
    @Transactional
    WebhookEndpoint update(Tenant tenant, String id, Changes changes) {
        WebhookEndpoint current = endpoints.findForUpdate(tenant, id).orElseThrow(() -> notFound(id));
        String url = current.url();
        if (changes.url() != null) {
            URI checked = EndpointFields.url(changes.url());
            guard.checkRegistration(checked, tenant.livemode());
            url = changes.url();
        }
        List<String> events = changes.enabledEvents() == null ? current.enabledEvents()
                : EndpointFields.enabledEvents(changes.enabledEvents());
        String description = changes.description() == null ? current.description()
                : EndpointFields.description(changes.description());
        Map<String, String> metadata = Metadata.merge(current.metadata(), changes.metadata());
        List<Integer> schedule = current.retrySchedule();
        if (changes.retrySchedule() != null) {
            schedule = changes.retrySchedule().isEmpty() ? null : EndpointFields.retrySchedule(changes.retrySchedule());
        }
        WebhookEndpoint.Status status = current.status();
        String reason = current.disabledReason();
        if (Boolean.TRUE.equals(changes.disabled()) && current.enabled()) {
            status = WebhookEndpoint.Status.DISABLED;
            reason = WebhookEndpoint.DISABLED_MANUALLY;
        } else if (Boolean.FALSE.equals(changes.disabled())) {
            status = WebhookEndpoint.Status.ENABLED;
            reason = null;
        }
        WebhookEndpoint updated = new WebhookEndpoint(current.id(), current.accountId(), current.livemode(), url, description,
                events, status, reason, schedule, metadata, current.created());
        endpoints.update(updated);
        Map<String, AuditLog.Change> changed = AuditLog.diff(current.audited(), updated.audited());
        if (!changed.isEmpty()) {
            audit.record(tenant, "webhook_endpoint.updated", OBJECT, id, changed);
        }
        if (current.enabled() && !updated.enabled()) {
            deliveries.failPending(id, DeliveryOutcomes.ENDPOINT_DISABLED, clock.instant());
        }
        return updated;
    }

    @Transactional
    void delete(Tenant tenant, String id) {
        Instant now = clock.instant();
        if (!endpoints.delete(tenant, id, now)) {
            throw notFound(id);
        }
        audit.record(tenant, "webhook_endpoint.deleted", OBJECT, id, Map.of("deleted", new AuditLog.Change(null, now.getEpochSecond())));
        deliveries.failPending(id, "endpoint_deleted", now);
    }

    ListPage<WebhookEndpoint> list(Tenant tenant, ListParams params) {
        return ListPage.of(endpoints.list(tenant, params), params, "/v1/webhook_endpoints");
    }

    /**
     * A new secret signs from now on; the old one keeps signing too (a second signature) for
     * {@code expiresIn} seconds, so receivers can switch without dropping a message.
     */
    @Transactional
    WithSecret rotate(Tenant tenant, String id, @Nullable Long expiresIn) {
        long lifetime = expiresIn == null ? DEFAULT_OLD_SECRET_LIFETIME : expiresIn;
        if (lifetime < 0 || lifetime > MAX_OLD_SECRET_LIFETIME) {
            throw InvalidRequestException.invalidParam("expires_in",
                    "expires_in must be from 0 to " + MAX_OLD_SECRET_LIFETIME + " seconds (7 days).");
        }
        WebhookEndpoint endpoint = endpoints.findForUpdate(tenant, id).orElseThrow(() -> notFound(id));
        String secret = SigningSecrets.generate();
        Instant now = clock.instant();
        endpoints.rotate(tenant, id, secret, now.plusSeconds(lifetime), now);
        audit.record(tenant, "webhook_endpoint.secret_rotated", OBJECT, id, Map.of("previous_secret_expires_at",
                new AuditLog.Change(null, now.plusSeconds(lifetime).getEpochSecond())));
        return new WithSecret(endpoint, secret);
    }

    static ResourceNotFoundException notFound(String id) {
        return new ResourceNotFoundException("webhook_endpoint", id, "id");
    }
}
