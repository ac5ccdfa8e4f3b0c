package dev.settle.deploy.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Every IAM statement a Settle template may hold, as action → the resource patterns it may name.
 * An Allow statement passes only if each of its actions is listed here and each of its resources
 * matches one of that action's patterns. A wildcard action ({@code *}, {@code s3:*}) never passes,
 * nor does {@code NotAction} or {@code NotResource}; resource {@code *} passes only for the few
 * actions IAM offers no resource-level permission for (Session Manager's channels), and in a KMS key
 * policy, where it means the key itself. Deny statements (the bucket's TLS-only policy) may use
 * wildcards: they take away, never give.
 */
final class IamAllowList {

    private static final String FILES_OBJECTS = "^\\$\\{DataFiles\\w+\\.Arn\\}/settle/\\*$";
    private static final String STAGE_IMPORT = "^\\$\\{import:Settle-(staging|production)-keys:ExportsOutput\\w*";

    /** The node role's identity policy. */
    static final Map<String, List<String>> NODE_ROLE = Map.ofEntries(
            Map.entry("cloudformation:SignalResource", List.of("^\\$\\{AWS::StackId\\}$")),
            Map.entry("ssm:UpdateInstanceInformation", List.of("^\\*$")),
            Map.entry("ssmmessages:CreateControlChannel", List.of("^\\*$")),
            Map.entry("ssmmessages:CreateDataChannel", List.of("^\\*$")),
            Map.entry("ssmmessages:OpenControlChannel", List.of("^\\*$")),
            Map.entry("ssmmessages:OpenDataChannel", List.of("^\\*$")),
            Map.entry("s3:GetObject", List.of(
                    "^arn:\\$\\{AWS::Partition\\}:s3:::\\$\\{ArtifactsBucket\\}/\\$\\{ArtifactKey\\}$", FILES_OBJECTS)),
            Map.entry("s3:PutObject", List.of(FILES_OBJECTS)),
            Map.entry("s3:DeleteObject", List.of(FILES_OBJECTS)),
            Map.entry("s3:AbortMultipartUpload", List.of(FILES_OBJECTS)),
            Map.entry("s3:ListBucket", List.of("^\\$\\{DataFiles\\w+\\.Arn\\}$")),
            Map.entry("kms:Decrypt", List.of(STAGE_IMPORT + "DataKey\\w+\\}$", STAGE_IMPORT + "EnvelopeKey\\w+\\}$")),
            Map.entry("kms:GenerateDataKey", List.of(STAGE_IMPORT + "DataKey\\w+\\}$")),
            Map.entry("secretsmanager:GetSecretValue", List.of(
                    "^\\$\\{DataPostgresSecretAttachment\\w+\\}$",
                    "^\\$\\{DataBrokerUser\\w+\\}$",
                    "^\\$\\{DataCacheAuthToken\\w+\\}$",
                    "^\\$\\{DataDocumentDbSecretAttachment\\w+\\}$",
                    "^\\$\\{DataAtlasUri\\w+\\}$",
                    STAGE_IMPORT + "(OperatorToken|KeyPepper|WrappedSecretsKey|PreviousSecretsKeys)\\w+\\}$")),
            Map.entry("logs:CreateLogStream", List.of("^\\$\\{Nodes(AppLogs|MetricLogs)\\w+\\.Arn\\}$")),
            Map.entry("logs:PutLogEvents", List.of("^\\$\\{Nodes(AppLogs|MetricLogs)\\w+\\.Arn\\}$")),
            Map.entry("logs:DescribeLogStreams", List.of("^\\$\\{Nodes(AppLogs|MetricLogs)\\w+\\.Arn\\}$")));

    /** Actions IAM cannot scope to a resource: the only ones that may name {@code *}. */
    static final Set<String> NO_RESOURCE_LEVEL = Set.of("ssm:UpdateInstanceInformation", "ssmmessages:CreateControlChannel",
            "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel");

    /** KMS key policies: the account may administer the keys and delegate these uses to IAM. */
    static final Set<String> KEY_POLICY_ACTIONS = Set.of("kms:DescribeKey", "kms:GetKeyPolicy", "kms:PutKeyPolicy",
            "kms:GetKeyRotationStatus", "kms:EnableKeyRotation", "kms:DisableKeyRotation", "kms:RotateKeyOnDemand",
            "kms:ListKeyRotations", "kms:ListResourceTags", "kms:TagResource", "kms:UntagResource",
            "kms:UpdateKeyDescription", "kms:EnableKey", "kms:DisableKey", "kms:ScheduleKeyDeletion",
            "kms:CancelKeyDeletion", "kms:CreateAlias", "kms:UpdateAlias", "kms:DeleteAlias", "kms:ListAliases",
            "kms:ListGrants", "kms:RevokeGrant", "kms:RetireGrant", "kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom",
            "kms:ReEncryptTo", "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:CreateGrant");

    /** Resource types that carry IAM documents; any other resource holding one is itself a violation. */
    static final Set<String> POLICY_TYPES = Set.of("AWS::IAM::Policy", "AWS::IAM::Role", "AWS::KMS::Key", "AWS::S3::BucketPolicy");

    private IamAllowList() {
    }

    /** Every statement of the template that the allow-list refuses, described; empty if none. */
    @SuppressWarnings("unchecked")
    static List<String> violations(Map<String, Map<String, Object>> resources) {
        List<String> violations = new ArrayList<>();
        resources.forEach((id, resource) -> {
            String type = (String) resource.get("Type");
            Map<String, Object> properties = (Map<String, Object>) resource.getOrDefault("Properties", Map.of());
            switch (type) {
                case "AWS::IAM::Policy" -> statements(properties.get("PolicyDocument"))
                        .forEach(s -> identity(id, s, violations));
                case "AWS::IAM::Role" -> {
                    if (properties.containsKey("Policies") || properties.containsKey("ManagedPolicyArns")) {
                        violations.add(id + ": inline or managed policies on a role (write them as statements here)");
                    }
                    statements(properties.get("AssumeRolePolicyDocument")).forEach(s -> {
                        if (!Map.of("Service", "ec2.amazonaws.com").equals(s.get("Principal"))
                                || !"sts:AssumeRole".equals(s.get("Action"))) {
                            violations.add(id + ": a role assumable by someone other than EC2: " + s);
                        }
                    });
                }
                case "AWS::KMS::Key" -> statements(properties.get("KeyPolicy")).forEach(s -> keyPolicy(id, s, violations));
                case "AWS::S3::BucketPolicy" -> statements(properties.get("PolicyDocument")).forEach(s -> {
                    if (!"Deny".equals(s.get("Effect")) || !s.containsKey("Condition")) {
                        violations.add(id + ": a bucket policy may only deny, under a condition: " + s);
                    }
                });
                default -> {
                    if (!POLICY_TYPES.contains(type) && String.valueOf(properties).matches("(?s).*\\b(PolicyDocument|KeyPolicy|Statement)=.*")) {
                        violations.add(id + " (" + type + "): holds a policy document the allow-list does not know");
                    }
                }
            }
        });
        return violations;
    }

    private static void identity(String policy, Map<String, Object> statement, List<String> violations) {
        String where = policy + " " + statement;
        if (statement.containsKey("NotAction") || statement.containsKey("NotResource")) {
            violations.add(where + ": NotAction/NotResource");
            return;
        }
        if (!"Allow".equals(statement.get("Effect"))) {
            return;
        }
        for (Object a : Cfn.list(statement.get("Action"))) {
            String action = Cfn.render(a);
            if (action.equals("*") || action.endsWith(":*")) {
                violations.add(where + ": wildcard action " + action);
                continue;
            }
            List<String> patterns = NODE_ROLE.get(action);
            if (patterns == null) {
                violations.add(where + ": action not on the allow-list: " + action);
                continue;
            }
            for (Object r : Cfn.list(statement.get("Resource"))) {
                String resource = Cfn.render(r);
                if (resource.equals("*") && !NO_RESOURCE_LEVEL.contains(action)) {
                    violations.add(where + ": resource * for " + action);
                } else if (patterns.stream().noneMatch(p -> Pattern.compile(p).matcher(resource).find())) {
                    violations.add(where + ": " + action + " on a resource not on the allow-list: " + resource);
                }
            }
            if (action.equals("s3:ListBucket") && !String.valueOf(statement.get("Condition")).contains("s3:prefix")) {
                violations.add(where + ": s3:ListBucket without an s3:prefix condition");
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void keyPolicy(String key, Map<String, Object> statement, List<String> violations) {
        String where = key + " " + statement;
        if (!"Allow".equals(statement.get("Effect"))) {
            return;
        }
        Object principal = statement.get("Principal");
        String aws = principal instanceof Map<?, ?> p ? Cfn.render(((Map<String, Object>) p).get("AWS")) : "";
        if (!aws.matches("arn:\\$\\{AWS::Partition\\}:iam::\\d{12}:root")) {
            violations.add(where + ": a key policy may name only the account itself");
        }
        if (!Cfn.list(statement.get("Resource")).equals(List.of("*"))) {
            violations.add(where + ": a key policy's resource is the key itself (*)");
        }
        for (Object a : Cfn.list(statement.get("Action"))) {
            if (!KEY_POLICY_ACTIONS.contains(Cfn.render(a))) {
                violations.add(where + ": key policy action not on the allow-list: " + Cfn.render(a));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> statements(Object document) {
        if (!(document instanceof Map<?, ?> map)) {
            return List.of();
        }
        return Cfn.list(((Map<String, Object>) map).get("Statement")).stream().map(s -> (Map<String, Object>) s).toList();
    }
}
