package dev.settle.webhooks.internal;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;

import dev.settle.shared.InvalidRequestException;
import dev.settle.webhooks.HostResolver;

/**
 * Keeps live-mode webhooks off internal networks (SSRF): a live endpoint must be {@code https}
 * and every address its host resolves to must be public, both when the endpoint is saved and
 * again right before each attempt (so a name re-pointed at an internal address later is caught).
 * Test mode is exempt on purpose: developers point test endpoints at {@code localhost}.
 */
@Component
class UrlGuard {

    static final String NOT_ALLOWED = "url_not_allowed";
    static final String UNRESOLVABLE = "host_unresolvable";

    private final HostResolver resolver;

    UrlGuard(HostResolver resolver) {
        this.resolver = resolver;
    }

    /** For create and update: a 400 naming {@code url} unless a live endpoint may use this URL. */
    void checkRegistration(URI url, boolean livemode) {
        String problem = problem(url, livemode);
        if (NOT_ALLOWED.equals(problem)) {
            throw new InvalidRequestException(NOT_ALLOWED, "Live-mode webhook endpoints must use https and a public address; "
                    + url.getHost() + " is not allowed (loopback, private, link-local and other internal addresses are refused).",
                    "url");
        }
        if (UNRESOLVABLE.equals(problem)) {
            throw new InvalidRequestException("url_unresolvable", "The host " + url.getHost() + " could not be resolved.", "url");
        }
    }

    /**
     * Before an attempt: null when the delivery may connect, else the attempt's error
     * ({@code url_not_allowed} or {@code host_unresolvable}).
     */
    @Nullable String problem(URI url, boolean livemode) {
        if (!livemode) {
            return null;
        }
        if (!"https".equalsIgnoreCase(url.getScheme())) {
            return NOT_ALLOWED;
        }
        String host = url.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            return UNRESOLVABLE;
        }
        if (addresses.isEmpty()) {
            return UNRESOLVABLE;
        }
        return addresses.stream().anyMatch(UrlGuard::internal) ? NOT_ALLOWED : null;
    }

    /**
     * Loopback, private (RFC 1918, fc00::/7), link-local (169.254/16 with cloud metadata,
     * fe80::/10), multicast, unspecified, CGNAT (100.64/10), reserved ranges, and IPv6 forms that
     * embed such an IPv4 address (mapped, compatible, NAT64, 6to4).
     */
    static boolean internal(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length == 4) {
            return internalV4(bytes);
        }
        byte[] embedded = embeddedV4(bytes);
        if (embedded != null) {
            return internalV4(embedded);
        }
        int first = bytes[0] & 0xff;
        int second = bytes[1] & 0xff;
        return address.isAnyLocalAddress()
                || address.isLoopbackAddress()
                || address.isMulticastAddress()
                || (first & 0xfe) == 0xfc                                  // fc00::/7 unique local
                || (first == 0xfe && (second & 0xc0) == 0x80)              // fe80::/10 link-local
                || (first == 0xfe && (second & 0xc0) == 0xc0);             // fec0::/10 site-local (deprecated)
    }

    private static boolean internalV4(byte[] ip) {
        int a = ip[0] & 0xff;
        int b = ip[1] & 0xff;
        int c = ip[2] & 0xff;
        return a == 0                                   // "this network", 0.0.0.0
                || a == 10                              // private
                || a == 127                             // loopback
                || (a == 100 && (b & 0xc0) == 64)       // 100.64/10 carrier-grade NAT
                || (a == 169 && b == 254)               // link-local, cloud metadata 169.254.169.254
                || (a == 172 && (b & 0xf0) == 16)       // 172.16/12 private
                || (a == 192 && b == 168)               // private
                || (a == 192 && b == 0 && c == 0)       // 192.0.0/24 protocol assignments
                || (a == 198 && (b & 0xfe) == 18)       // 198.18/15 benchmarking
                || a >= 224;                            // multicast, reserved, broadcast
    }

    /** The IPv4 address inside an IPv6 one that carries it, or null. */
    private static byte @Nullable [] embeddedV4(byte[] ip) {
        boolean zeroTo10 = true;
        for (int i = 0; i < 10; i++) {
            zeroTo10 &= ip[i] == 0;
        }
        boolean mapped = zeroTo10 && (ip[10] & 0xff) == 0xff && (ip[11] & 0xff) == 0xff;     // ::ffff:a.b.c.d
        boolean compatible = zeroTo10 && ip[10] == 0 && ip[11] == 0;                          // ::a.b.c.d, ::, ::1
        boolean nat64 = (ip[0] & 0xff) == 0x00 && (ip[1] & 0xff) == 0x64 && (ip[2] & 0xff) == 0xff && (ip[3] & 0xff) == 0x9b
                && allZero(ip, 4, 12);                                                        // 64:ff9b::/96
        if (mapped || compatible || nat64) {
            return new byte[] {ip[12], ip[13], ip[14], ip[15]};
        }
        if ((ip[0] & 0xff) == 0x20 && (ip[1] & 0xff) == 0x02) {                               // 2002::/16 6to4
            return new byte[] {ip[2], ip[3], ip[4], ip[5]};
        }
        return null;
    }

    private static boolean allZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** The default resolver, unless another {@link HostResolver} bean is primary. */
    @Configuration(proxyBeanMethods = false)
    static class Resolver {

        @Bean
        HostResolver systemHostResolver() {
            return HostResolver.system();
        }
    }
}
