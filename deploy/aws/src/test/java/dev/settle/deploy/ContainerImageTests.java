package dev.settle.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.ZipFile;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.yaml.snakeyaml.Yaml;

/**
 * The Dockerfile, compose.yaml and its HAProxy configuration cannot be built or run here (no Docker
 * engine), so this test holds them to the build: the jar's path and name, the HTTP port, the
 * readiness probe, the layers, the JVM flags docs/operations.md recommends, a non-root user, the
 * data volume, and every SETTLE_ variable compose sets being documented.
 */
class ContainerImageTests {

    private static final Pattern LAYER_COPY = Pattern.compile("--from=build .*?/layers/([a-z-]+)/ \\./");

    private final List<String[]> dockerfile = instructions(read("Dockerfile"));
    private final List<String[]> runStage = dockerfile.subList(lastIndexOf("FROM"), dockerfile.size());
    private final Map<String, Object> application = new Yaml().load(read("server/src/main/resources/application.yml"));

    @Test
    void buildsTheServersJarWithTheWrapperAndExtractsItsLayers() throws Exception {
        String finalName = serverPom().getElementsByTagName("finalName").item(0).getTextContent().trim();
        String build = dockerfile.stream().filter(i -> i[0].equals("RUN") && i[1].contains("package")).findFirst().orElseThrow()[1];
        assertThat(build).contains("./mvnw", "-pl server", "-DskipTests package",
                "-Djarmode=tools -jar server/target/" + finalName + ".jar extract --layers --launcher --destination /layers");
        List<String> copied = runStage.stream().filter(i -> i[0].equals("COPY")).map(i -> LAYER_COPY.matcher(i[1]))
                .filter(Matcher::find).map(m -> m.group(1)).toList();
        assertThat(copied).containsExactlyElementsOf(layers(finalName));
        assertThat(instruction(runStage, "ENTRYPOINT")).contains("org.springframework.boot.loader.launch.JarLauncher", "exec java $JAVA_OPTS");
    }

    @Test
    void runsAsANonRootUserOnAJre21OrLater() {
        String user = instruction(runStage, "USER");
        assertThat(user.split(":")[0]).isNotIn("root", "0");
        assertThat(user).matches("\\d+:\\d+");
        String base = runStage.get(0)[1];
        Matcher jre = Pattern.compile("eclipse-temurin:(\\d+)-jre").matcher(base);
        assertThat(jre.find()).as(base).isTrue();
        assertThat(Integer.parseInt(jre.group(1))).isGreaterThanOrEqualTo(21);
        assertThat(dockerfile.get(0)[1]).startsWith("eclipse-temurin:" + jre.group(1) + "-jdk");
    }

    @Test
    void portAndHealthCheckAreTheServers() {
        String port = String.valueOf(at(application, "server", "port"));
        assertThat(port).isEqualTo("${PORT:8080}");
        assertThat(instruction(runStage, "EXPOSE")).isEqualTo("8080");
        assertThat(instruction(runStage, "ENV", "PORT=")).isEqualTo("PORT=8080");
        assertThat(at(application, "management", "endpoint", "health", "probes", "enabled")).isEqualTo(true);
        assertThat(instruction(runStage, "HEALTHCHECK")).contains("http://127.0.0.1:${PORT}/actuator/health/readiness");
        assertThat(read("docs/operations.md")).contains("| `/actuator/health/readiness` | readiness probe");
    }

    @Test
    void jvmFlagsAreTheOnesOperationsRecommends() throws Exception {
        String javaOpts = instruction(runStage, "ENV", "JAVA_OPTS=").replaceFirst("^JAVA_OPTS=\"(.*)\"$", "$1");
        assertThat(javaOpts).isEqualTo(recommendedFlags());
        String pluginFlags = serverPom().getElementsByTagName("jvmArguments").item(0).getTextContent().trim();
        assertThat(Arrays.asList(javaOpts.split(" "))).containsAll(Arrays.asList(pluginFlags.split(" ")));
        // compose sizes the heap down for a laptop and keeps every other flag
        Object composeOpts = settleEnvironment().get("JAVA_OPTS");
        assertThat(withoutHeap(String.valueOf(composeOpts))).isEqualTo(withoutHeap(javaOpts));
    }

    @Test
    void dataIsAVolumeWhereEmbeddedModeKeepsIt() {
        assertThat(String.valueOf(at(application, "settle", "data-dir"))).isEqualTo("${SETTLE_DATA_DIR:./data}");
        assertThat(instruction(runStage, "WORKDIR")).isEqualTo("/app");
        assertThat(instruction(runStage, "VOLUME")).isEqualTo("[\"/app/data\"]");
    }

    @Test
    void composeRunsThreeNodesOnEverySharedPartWithDocumentedVariables() {
        Map<String, Object> compose = new Yaml().load(read("compose.yaml"));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        assertThat(services).containsKeys("settle-1", "settle-2", "settle-3", "haproxy", "postgres", "rabbitmq", "redis",
                "mongodb", "minio");
        Map<String, Object> environment = settleEnvironment();
        for (String node : List.of("settle-1", "settle-2", "settle-3")) {
            assertThat(services.get(node).get("environment")).as(node + " has the same values as the others").isEqualTo(environment);
            assertThat(services.get(node).get("build")).isEqualTo(".");
        }
        Set<String> used = environment.keySet().stream().filter(k -> k.startsWith("SETTLE_")).collect(Collectors.toCollection(LinkedHashSet::new));
        assertThat(used).contains("SETTLE_DATABASE_URL", "SETTLE_MONGODB_URI", "SETTLE_AMQP_URI", "SETTLE_REDIS_URI",
                "SETTLE_S3_BUCKET", "SETTLE_OPERATOR_TOKEN", "SETTLE_KEY_PEPPER", "SETTLE_SECRETS_KEY");
        String operations = read("docs/operations.md");
        for (String variable : used) {
            assertThat(operations).as(variable + " is documented in docs/operations.md").contains("`" + variable + "`");
        }
        Matcher required = Pattern.compile("With `SETTLE_DATABASE_URL` set, ((?:`SETTLE_\\w+`(?:, | and )?)+) are required").matcher(operations);
        assertThat(required.find()).isTrue();
        Matcher names = Pattern.compile("`(SETTLE_\\w+)`").matcher(required.group(1));
        while (names.find()) {
            assertThat(used).as("compose sets " + names.group(1) + ", which operations.md requires").contains(names.group(1));
        }
    }

    @Test
    void haproxySendsToEachNodesPortWhileItsReadinessProbeAnswers() {
        String haproxy = read("deploy/compose/haproxy.cfg");
        List<String> servers = haproxy.lines().map(String::trim).filter(l -> l.startsWith("server ")).toList();
        assertThat(servers).containsExactly("server settle-1 settle-1:8080", "server settle-2 settle-2:8080",
                "server settle-3 settle-3:8080");
        assertThat(haproxy).contains("option httpchk GET /actuator/health/readiness", "http-check expect status 200",
                "timeout tunnel");
        assertThat(read("compose.yaml")).contains("./deploy/compose/haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro");
    }

    /** The layers of the built jar when there is one (after `./mvnw package`), else Spring Boot's default four. */
    private static List<String> layers(String finalName) throws IOException {
        Path jar = Repo.path("server/target/" + finalName + ".jar");
        if (!Files.exists(jar)) {
            return List.of("dependencies", "spring-boot-loader", "snapshot-dependencies", "application");
        }
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            String index = new String(zip.getInputStream(zip.getEntry("BOOT-INF/layers.idx")).readAllBytes());
            return index.lines().filter(l -> l.startsWith("- ")).map(l -> l.substring(3, l.length() - 2)).toList();
        }
    }

    private static String recommendedFlags() {
        Matcher m = Pattern.compile("`java ((?:-\\S+ )+)-jar server/target/settle\\.jar`").matcher(read("docs/operations.md"));
        assertThat(m.find()).as("docs/operations.md recommends a java command line").isTrue();
        return m.group(1).trim();
    }

    private static String withoutHeap(String flags) {
        return flags.replaceAll("-Xm[sx]\\S+", "-Xm?").trim();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> settleEnvironment() {
        Map<String, Object> compose = new Yaml().load(read("compose.yaml"));
        return (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) compose.get("services")).get("settle-1")).get("environment");
    }

    private static Document serverPom() throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Repo.path("server/pom.xml").toFile());
    }

    @SuppressWarnings("unchecked")
    private static Object at(Map<String, Object> yaml, String... path) {
        Object node = yaml;
        for (String key : path) {
            node = ((Map<String, Object>) node).get(key);
        }
        return node;
    }

    private int lastIndexOf(String keyword) {
        for (int i = dockerfile.size() - 1; i >= 0; i--) {
            if (dockerfile.get(i)[0].equals(keyword)) {
                return i;
            }
        }
        throw new AssertionError("no " + keyword);
    }

    private static String instruction(List<String[]> stage, String keyword) {
        return instruction(stage, keyword, "");
    }

    private static String instruction(List<String[]> stage, String keyword, String prefix) {
        List<String> found = stage.stream().filter(i -> i[0].equals(keyword) && i[1].startsWith(prefix)).map(i -> i[1]).toList();
        assertThat(found).as(keyword + " " + prefix).hasSize(1);
        return found.get(0);
    }

    /** Dockerfile instructions as (keyword, arguments), continuation lines joined, comments dropped. */
    static List<String[]> instructions(String text) {
        List<String[]> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.lines().toList()) {
            String trimmed = line.trim();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.isEmpty())) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            String whole = current.toString().replaceAll("\\s+", " ").trim();
            current.setLength(0);
            int space = whole.indexOf(' ');
            instructions.add(new String[] {whole.substring(0, space), whole.substring(space + 1)});
        }
        return instructions;
    }

    static String read(String relative) {
        try {
            return Files.readString(Repo.path(relative));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
