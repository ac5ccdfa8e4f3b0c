package dev.settle.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The GitHub workflows cannot run here; this keeps them consistent with what can: ci.yml's test
 * step runs exactly .ci/run's test command, with the services .ci/run expects on the ports it
 * checks; the bed runs bench/cluster.sh; deploy.yml deploys the stacks the CDK app makes, with the
 * parameters its template declares, staging before production.
 */
class WorkflowTests {

    private final Map<String, Object> ci = load(".github/workflows/ci.yml");
    private final Map<String, Object> deploy = load(".github/workflows/deploy.yml");
    private final String ciRun = ContainerImageTests.read(".ci/run");

    @Test
    void ciTestStepRunsExactlyTheTestCommandOfCiRun() {
        // .ci/run's test command: from the Maven arguments to the README's ./mvnw test (the bed follows it).
        List<String> commands = ciRun.lines().dropWhile(l -> !l.startsWith("export MAVEN_ARGS=")).map(String::trim)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        List<String> ciRunCommand = commands.subList(0, commands.indexOf("./mvnw test") + 1);
        assertThat(ciRunCommand).containsExactly("export MAVEN_ARGS=\"${MAVEN_ARGS:-} --batch-mode --no-transfer-progress\"",
                "./mvnw test");
        Map<String, Object> test = step(job(ci, "test"), "Test");
        List<String> lines = String.valueOf(test.get("run")).lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
        assertThat(lines).isEqualTo(ciRunCommand);
    }

    @Test
    void servicesAreTheOnesCiRunStartsOnThePortsItChecks() {
        Matcher ports = Pattern.compile("listening (\\d+)").matcher(ciRun);
        List<String> checked = new java.util.ArrayList<>();
        while (ports.find()) {
            checked.add(ports.group(1));
        }
        // each port is checked before its service is started (5672 also in a wait loop)
        checked = checked.stream().distinct().toList();
        assertThat(checked).containsExactlyInAnyOrder("5432", "6379", "5672");
        for (String job : List.of("test", "cluster")) {
            Map<String, Map<String, Object>> services = cast(job(ci, job).get("services"));
            assertThat(services).containsOnlyKeys("postgres", "rabbitmq", "redis");
            List<String> published = services.values().stream().flatMap(s -> ((List<?>) s.get("ports")).stream())
                    .map(p -> String.valueOf(p).split(":")[0]).toList();
            assertThat(published).containsExactlyInAnyOrderElementsOf(checked);
        }
        // the dashboard's browser tests find their browser where .ci/run's Debian packages put it
        assertThat(ciRun).contains("chromium chromium-driver");
        assertThat(String.valueOf(step(job(ci, "test"), "Browser for the dashboard tests").get("run")))
                .contains("/usr/bin/chromium", "/usr/bin/chromedriver");
    }

    @Test
    void clusterJobRunsTheThreeNodeBed() {
        List<String> runs = steps(job(ci, "cluster")).stream().map(s -> s.get("run")).filter(Objects::nonNull)
                .map(String::valueOf).map(String::trim).toList();
        assertThat(runs).containsSubsequence("bench/cluster.sh up", "bench/cluster.sh test --short", "bench/cluster.sh down");
        // .ci/run runs the same bed after its tests, and always takes it down.
        assertThat(ciRun).contains("bench/cluster.sh up && bench/cluster.sh test --short", "bench/cluster.sh down || true");
        assertThat(step(job(ci, "cluster"), "Stop the bed").get("if")).isEqualTo("always()");
    }

    @Test
    void deployRunsOnTagsAndReachesProductionOnlyThroughStaging() {
        Map<String, Object> on = cast(deploy.containsKey("on") ? deploy.get("on") : deploy.get(Boolean.TRUE));
        assertThat(String.valueOf(on.get("push"))).contains("tags=[v*]");
        assertThat(job(deploy, "staging").get("environment")).isEqualTo("staging");
        assertThat(job(deploy, "production").get("environment")).isEqualTo("production");
        assertThat(String.valueOf(job(deploy, "production").get("needs"))).isEqualTo("[build, staging]");
        String build = String.valueOf(job(deploy, "build"));
        assertThat(build).contains("amazon-ecr-login", "push=true", "settle/releases/${GITHUB_REF_NAME}/settle.jar");
    }

    @Test
    void deployNamesTheStacksAndParametersTheCdkAppMakes() {
        String parameters = ContainerImageTests.read("deploy/aws/template/settle-staging.json");
        for (String stage : List.of("staging", "production")) {
            String steps = String.valueOf(steps(job(deploy, stage)));
            assertThat(steps).contains("aws-cdk@2 synth -c stage=" + stage, "aws-cdk@2 diff -c stage=" + stage,
                    "deploy -c stage=" + stage, "Settle-" + stage + "-keys Settle-" + stage);
            Matcher given = Pattern.compile("--parameters Settle-" + stage + ":(\\w+)=").matcher(steps);
            int count = 0;
            while (given.find()) {
                count++;
                assertThat(parameters).as(given.group(1) + " is a parameter of the template").contains("\"" + given.group(1) + "\" : {");
            }
            assertThat(count).isEqualTo(4);
        }
        assertThat(ContainerImageTests.read("deploy/aws/cdk.json")).contains("exec:java");
    }

    private static Map<String, Object> load(String file) {
        return new Yaml().load(ContainerImageTests.read(file));
    }

    private static Map<String, Object> job(Map<String, Object> workflow, String name) {
        Map<String, Object> jobs = cast(workflow.get("jobs"));
        assertThat(jobs).containsKey(name);
        return cast(jobs.get(name));
    }

    private static List<Map<String, Object>> steps(Map<String, Object> job) {
        return cast(job.get("steps"));
    }

    private static Map<String, Object> step(Map<String, Object> job, String name) {
        return steps(job).stream().filter(s -> name.equals(s.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no step " + name));
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object value) {
        return (T) value;
    }
}
