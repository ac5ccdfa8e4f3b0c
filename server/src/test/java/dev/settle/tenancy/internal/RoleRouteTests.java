package dev.settle.tenancy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import dev.settle.support.Api;
import dev.settle.support.Docs;
import dev.settle.support.SettleTest;

/**
 * Role × route: every {@code /v1} route the application maps, sent with a session of each role
 * (with its CSRF token), is refused with {@code 403 role_forbidden} exactly when the roles table of
 * docs/security.md says the role may not; otherwise the role check lets it through to the handler.
 */
@SettleTest
class RoleRouteTests {

    @Autowired
    Api api;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    record Route(String method, String pattern) {

        String path() {
            return pattern.replaceAll("\\{[^}]+}", "missing_id");
        }

        String resource() {
            String rest = pattern.substring("/v1/".length());
            return rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
        }

        boolean write() {
            return !method.equals("GET");
        }
    }

    @Test
    void everyRouteIsAllowedOrRefusedAsTheRolesTableSays() {
        Map<String, String> writes = new LinkedHashMap<>();
        for (Docs.Row row : Docs.read("security").section("Roles").table("role", "reads", "writes").rows()) {
            assertThat(row.cell("reads")).as(row.at()).isEqualTo("all");
            writes.put(Docs.backticked(row.cell("role")).getFirst(), row.cell("writes"));
        }
        assertThat(writes.keySet()).containsExactly("owner", "admin", "developer", "analyst");

        Api.Account account = api.newAccount();
        DashboardUsers users = new DashboardUsers(api);
        Map<String, DashboardUsers.Session> sessions = new LinkedHashMap<>();
        for (String role : writes.keySet()) {
            String email = role + "-" + account.id() + "@example.com";
            users.activeUser(account, email, role);
            sessions.put(role, users.session(email));
        }

        List<Route> routes = routes();
        assertThat(routes.size()).as("routes checked").isGreaterThan(40);
        List<String> mismatches = new ArrayList<>();
        int requests = 0;
        for (Route route : routes) {
            for (Map.Entry<String, DashboardUsers.Session> role : sessions.entrySet()) {
                Api.Response response = users.send(role.getValue(), route.method(), route.path(),
                        route.method().equals("GET") || route.method().equals("DELETE") ? null : "{}", true);
                requests++;
                String code = response.status() == 403 ? response.text("code") : null;
                String expected = expected(route, role.getKey(), writes.get(role.getKey()));
                boolean matches = expected.equals("allowed")
                        ? response.status() != 401 && !"role_forbidden".equals(code) && !"api_key_required".equals(code)
                        : expected.equals(code);
                if (!matches) {
                    mismatches.add(role.getKey() + " " + route.method() + " " + route.pattern() + ": expected " + expected + ", got "
                            + response.status() + " " + code);
                }
            }
        }
        assertThat(mismatches).as(requests + " requests").isEmpty();
    }

    /** What the docs say: {@code allowed}, or the 403 code the role check answers. */
    private static String expected(Route route, String role, String writesCell) {
        if (route.pattern().equals("/v1/stream") || route.pattern().equals("/v1/stream_tokens")) {
            return "api_key_required";
        }
        if (!route.write() || route.pattern().matches("/v1/users/\\{[^}]+}/totp(/enable)?")) {
            return "allowed";
        }
        boolean allowed = switch (writesCell) {
            case "all" -> true;
            case "none" -> false;
            default -> writesCell.startsWith("all but")
                    ? !Docs.backticked(writesCell).contains(route.resource())
                    : Docs.backticked(writesCell).contains(route.resource());
        };
        return allowed ? "allowed" : "role_forbidden";
    }

    /** Every /v1 route a session may call: not the operator API, processor webhooks, sign-in/out or accepting an invitation. */
    private List<Route> routes() {
        Set<String> seen = new TreeSet<>();
        List<Route> routes = new ArrayList<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            for (String pattern : info.getPatternValues()) {
                for (RequestMethod method : info.getMethodsCondition().getMethods()) {
                    Route route = new Route(method.name(), pattern);
                    boolean excluded = !pattern.startsWith("/v1/") || pattern.startsWith("/v1/accounts")
                            || pattern.startsWith("/v1/inbound") || pattern.equals("/v1/sessions")
                            || pattern.equals("/v1/users/accept");
                    if (!excluded && seen.add(method + " " + pattern)) {
                        routes.add(route);
                    }
                }
            }
        }
        routes.sort(java.util.Comparator.comparing(Route::pattern).thenComparing(Route::method));
        return routes;
    }
}
