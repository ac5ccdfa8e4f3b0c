package dev.settle.tenancy.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

import org.springframework.stereotype.Component;

import dev.settle.shared.Ids;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The dashboard makes its API requests to its own node, so their remote address is the node's.
 * It passes the browser's address in {@code X-Settle-Client-Ip} with this process's relay secret,
 * which exists only in memory; the audit log takes that address only with the secret.
 */
@Component
class DashboardRelay {

    static final String CLIENT_IP_HEADER = "X-Settle-Client-Ip";
    static final String SECRET_HEADER = "X-Settle-Relay";

    private final String secret = Ids.randomBase62(40);

    Map<String, String> headers(HttpServletRequest browser) {
        return Map.of(CLIENT_IP_HEADER, browser.getRemoteAddr(), SECRET_HEADER, secret);
    }

    /** The address a request acts for: the relayed browser's when it carries the secret, else its own. */
    String clientIp(HttpServletRequest request) {
        String relayed = request.getHeader(CLIENT_IP_HEADER);
        String presented = request.getHeader(SECRET_HEADER);
        if (relayed != null && presented != null && MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
                secret.getBytes(StandardCharsets.UTF_8))) {
            return relayed;
        }
        return request.getRemoteAddr();
    }
}
