package dev.settle.platform.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;

import dev.settle.platform.SettleProperties;

/** {@code Settle-Node} names the node that answered, when it has a name (bench/cluster.sh counts by it). */
class NodeHeaderTests {

    @Test
    void aNamedNodeSaysItsNameOnEveryResponse() throws Exception {
        MockHttpServletResponse response = answer(" node-b ");
        assertThat(response.getHeader("Settle-Node")).isEqualTo("node-b");
        assertThat(response.getHeader("Request-Id")).startsWith("req_");
    }

    @Test
    void aNodeWithoutANameSendsNoHeader() throws Exception {
        assertThat(answer(null).containsHeader("Settle-Node")).isFalse();
        assertThat(answer("  ").containsHeader("Settle-Node")).isFalse();
    }

    private static MockHttpServletResponse answer(String nodeName) throws Exception {
        SettleProperties settle = new SettleProperties(Path.of("data"), "http://localhost:8080", 1024,
                new SettleProperties.Database(null, null, 20, 0, true, Map.of(), DataSize.ofGigabytes(1),
                        Duration.ofMinutes(10), Duration.ofSeconds(30), Duration.ofSeconds(15),
                        Duration.ofSeconds(60), 10, Duration.ofSeconds(15), Duration.ofSeconds(5),
                        Duration.ofSeconds(15)),
                nodeName);
        MockHttpServletResponse response = new MockHttpServletResponse();
        new RequestIdFilter(settle).doFilter(new MockHttpServletRequest("GET", "/v1/customers"), response, new MockFilterChain());
        return response;
    }
}
