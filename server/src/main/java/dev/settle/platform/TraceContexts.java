package dev.settle.platform;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import io.micrometer.tracing.CurrentTraceContext;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;

/**
 * The current trace as a W3C {@code traceparent}, to keep with work that continues later (an
 * event's webhook deliveries), and the way back: work resumed under a stored traceparent joins
 * that trace. Without a tracer, nothing is kept and nothing resumed.
 */
@Component
public class TraceContexts {

    private static final Pattern TRACEPARENT = Pattern.compile("^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$");

    private final ObjectProvider<Tracer> tracer;

    TraceContexts(ObjectProvider<Tracer> tracer) {
        this.tracer = tracer;
    }

    public @Nullable String current() {
        Tracer available = tracer.getIfAvailable();
        TraceContext context = available == null ? null : available.currentTraceContext().context();
        if (context == null) {
            return null;
        }
        return "00-" + context.traceId() + "-" + context.spanId() + "-" + (Boolean.TRUE.equals(context.sampled()) ? "01" : "00");
    }

    /** Makes {@code traceparent} the current trace context until the scope closes; a no-op scope for null or garbage. */
    public CurrentTraceContext.Scope resume(@Nullable String traceparent) {
        Tracer available = tracer.getIfAvailable();
        Matcher parts = traceparent == null ? null : TRACEPARENT.matcher(traceparent);
        if (available == null || parts == null || !parts.matches()) {
            return () -> {
            };
        }
        TraceContext context = available.traceContextBuilder().traceId(parts.group(1)).spanId(parts.group(2))
                .sampled(parts.group(3).equals("01")).build();
        return available.currentTraceContext().newScope(context);
    }
}
