package dev.settle.support;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.boot.test.context.TestComponent;
import org.springframework.context.annotation.Primary;

import dev.settle.webhooks.HostResolver;

/**
 * The host resolver webhook deliveries check addresses with, with names a test points anywhere
 * (no real DNS here). Names not pointed anywhere resolve as usual (IP literals, localhost).
 */
@TestComponent
@Primary
public class TestDns implements HostResolver {

    private final Map<String, String> names = new ConcurrentHashMap<>();

    public void point(String host, String address) {
        names.put(host, address);
    }

    @Override
    public List<InetAddress> resolve(String host) throws UnknownHostException {
        String address = names.get(host);
        if (address != null) {
            return List.of(InetAddress.getByName(address));
        }
        if (host.endsWith(".test")) {
            throw new UnknownHostException(host);
        }
        return HostResolver.system().resolve(host);
    }
}
