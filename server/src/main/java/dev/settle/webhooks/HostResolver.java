package dev.settle.webhooks;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Resolves an endpoint's host name to the addresses a delivery would connect to, so they can be
 * checked against private and link-local ranges (SSRF) before connecting. The default asks the
 * system resolver; a bean of this type marked {@code @Primary} replaces it (tests do, to make a
 * name resolve to a loopback or metadata address without real DNS).
 */
@FunctionalInterface
public interface HostResolver {

    List<InetAddress> resolve(String host) throws UnknownHostException;

    static HostResolver system() {
        return host -> List.of(InetAddress.getAllByName(host));
    }
}
