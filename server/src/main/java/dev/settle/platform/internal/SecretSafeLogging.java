package dev.settle.platform.internal;

import java.util.List;

import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.springframework.stereotype.Component;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Keeps below INFO, whatever level is configured, the loggers that print what a request carries or
 * what a statement binds: Tomcat's raw request dump (the Authorization header, card numbers in the
 * body), the PostgreSQL driver's and Spring's bound parameters (webhook secrets, stored idempotent
 * responses), the processor client's wire and headers, Spring MVC's dump of what a handler read
 * and wrote (a minted key, a webhook secret). LogSecretsTests runs everything at TRACE.
 */
@Component
class SecretSafeLogging extends TurboFilter {

    /** Logger names (and their children) that never log below INFO. */
    static final List<String> QUIET = List.of("org.apache.coyote.http11.Http11InputBuffer", "org.apache.coyote.http11.Http11OutputBuffer",
            "org.postgresql.core", "org.springframework.jdbc.core.StatementCreatorUtils", "org.apache.hc.client5.http.wire",
            "org.apache.hc.client5.http.headers", "org.apache.tomcat.util.http.Parameters", "org.apache.tomcat.util.net.SecureNioChannel",
            // Spring MVC at TRACE prints each argument read and each object written (a minted key, a webhook secret).
            "org.springframework.web.servlet.mvc.method.annotation", "org.springframework.web.method.HandlerMethod",
            "org.springframework.http.converter");

    SecretSafeLogging() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.addTurboFilter(this);
            start();
        }
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (level != null && !level.isGreaterOrEqual(Level.INFO)) {
            String name = logger.getName();
            for (String quiet : QUIET) {
                if (name.startsWith(quiet)) {
                    return FilterReply.DENY;
                }
            }
        }
        return FilterReply.NEUTRAL;
    }
}
