package dev.settle.deploy.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;

/** Every IAM statement in the templates, held to {@link IamAllowList}. */
class IamPolicyTests {

    @Test
    void everyStatementOfStagingAndProductionIsOnTheAllowList() {
        assertThat(IamAllowList.violations(Synthesized.staging().allResources())).isEmpty();
        assertThat(IamAllowList.violations(Synthesized.production().allResources())).isEmpty();
    }

    @Test
    void theAtlasVariantToo() {
        assertThat(IamAllowList.violations(Synthesized.atlas().allResources())).isEmpty();
    }

    @Test
    void theNodeRoleNamesEachSecretAndKeyItUsesAndNothingElse() {
        Map<String, Object> statements = nodePolicy(Synthesized.staging().resources());
        String text = String.valueOf(statements);
        assertThat(text).contains("kms:ViaService=s3.eu-west-1.amazonaws.com", "s3:prefix=[settle/*]");
        List<String> secrets = Cfn.list(statement(statements, "secretsmanager:GetSecretValue").get("Resource")).stream()
                .map(Cfn::render).toList();
        assertThat(secrets).hasSize(8);
        assertThat(secrets).anyMatch(s -> s.contains("WrappedSecretsKey")).anyMatch(s -> s.contains("PreviousSecretsKeys")).anyMatch(s -> s.contains("OperatorToken"))
                .anyMatch(s -> s.contains("KeyPepper")).anyMatch(s -> s.contains("DataPostgresSecretAttachment"))
                .anyMatch(s -> s.contains("DataDocumentDbSecretAttachment"));
    }

    @Test
    void deployAwsMdNamesExactlyTheAllowedActions() throws java.io.IOException {
        String doc = java.nio.file.Files.readString(dev.settle.deploy.Repo.path("docs/deploy-aws.md"));
        String table = doc.substring(doc.indexOf("| actions | on |"));
        java.util.Set<String> documented = new java.util.TreeSet<>();
        table.lines().skip(2).takeWhile(l -> l.startsWith("|")).forEach(row -> {
            java.util.regex.Matcher action = java.util.regex.Pattern.compile("`([a-z0-9]+:[A-Za-z]+)`").matcher(row.split("\\|")[1]);
            while (action.find()) {
                documented.add(action.group(1));
            }
        });
        assertThat(documented).containsExactlyInAnyOrderElementsOf(IamAllowList.NODE_ROLE.keySet());
    }

    @Test
    void addingS3WildcardToTheNodeRoleFails() {
        Synthesized changed = new Synthesized(Stage.STAGING, false, stack -> stack.nodeRole().addToPrincipalPolicy(
                PolicyStatement.Builder.create().actions(List.of("s3:*")).resources(List.of("*")).build()));
        assertThat(IamAllowList.violations(changed.allResources()))
                .anyMatch(v -> v.contains("wildcard action s3:*"));
    }

    @Test
    void anAllowedActionOnResourceStarFails() {
        Synthesized changed = new Synthesized(Stage.STAGING, false, stack -> stack.nodeRole().addToPrincipalPolicy(
                PolicyStatement.Builder.create().actions(List.of("secretsmanager:GetSecretValue")).resources(List.of("*")).build()));
        assertThat(IamAllowList.violations(changed.allResources()))
                .containsExactly(violationFor(changed, "resource * for secretsmanager:GetSecretValue"));
    }

    @Test
    void anotherBucketOrAnUnlistedActionOrAManagedPolicyFails() {
        Synthesized changed = new Synthesized(Stage.STAGING, false, stack -> {
            stack.nodeRole().addToPrincipalPolicy(PolicyStatement.Builder.create()
                    .actions(List.of("s3:GetObject")).resources(List.of("arn:aws:s3:::someone-elses-bucket/*")).build());
            stack.nodeRole().addToPrincipalPolicy(PolicyStatement.Builder.create()
                    .actions(List.of("rds:DeleteDBInstance")).resources(List.of("arn:aws:rds:eu-west-1:123456789012:db:x")).build());
            stack.nodeRole().addManagedPolicy(ManagedPolicy.fromAwsManagedPolicyName("AmazonSSMManagedInstanceCore"));
        });
        List<String> violations = IamAllowList.violations(changed.allResources());
        assertThat(violations).anyMatch(v -> v.contains("s3:GetObject on a resource not on the allow-list: arn:aws:s3:::someone-elses-bucket/*"))
                .anyMatch(v -> v.contains("action not on the allow-list: rds:DeleteDBInstance"))
                .anyMatch(v -> v.contains("inline or managed policies on a role"));
    }

    private static String violationFor(Synthesized changed, String suffix) {
        return IamAllowList.violations(changed.allResources()).stream().filter(v -> v.endsWith(suffix)).findFirst()
                .orElse("no violation ending with " + suffix);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> nodePolicy(Map<String, Map<String, Object>> resources) {
        return resources.entrySet().stream()
                .filter(e -> e.getKey().startsWith("NodeRoleDefaultPolicy"))
                .map(e -> (Map<String, Object>) ((Map<String, Object>) e.getValue().get("Properties")).get("PolicyDocument"))
                .findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> statement(Map<String, Object> document, String action) {
        return Cfn.list(document.get("Statement")).stream().map(s -> (Map<String, Object>) s)
                .filter(s -> Cfn.list(s.get("Action")).contains(action)).findFirst().orElseThrow();
    }
}
