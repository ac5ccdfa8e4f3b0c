package dev.settle.deploy.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Every security group rule in the template, exactly: the ALB takes 443 and 80 from anywhere and
 * talks only to the nodes' app port; the nodes take only the ALB and talk only to each data port
 * and to HTTPS; the data services take only the nodes and talk to nobody. As in docs/deploy-aws.md.
 */
class SecurityGroupTests {

    static final List<String> EXPECTED = List.of(
            "LoadBalancer in tcp 443 from 0.0.0.0/0",
            "LoadBalancer in tcp 80 from 0.0.0.0/0",
            "LoadBalancer out tcp 8080 to Nodes",
            "Nodes in tcp 8080 from LoadBalancer",
            "Nodes out tcp 443 to 0.0.0.0/0",
            "Nodes out tcp 5432 to Database",
            "Nodes out tcp 5671 to Broker",
            "Nodes out tcp 6379 to Cache",
            "Nodes out tcp 27017 to Documents",
            "Database in tcp 5432 from Nodes",
            "Broker in tcp 5671 from Nodes",
            "Cache in tcp 6379 from Nodes",
            "Documents in tcp 27017 from Nodes",
            "Database out nothing",
            "Broker out nothing",
            "Cache out nothing",
            "Documents out nothing");

    @Test
    void deployAwsMdListsExactlyTheseRules() throws java.io.IOException {
        String doc = java.nio.file.Files.readString(dev.settle.deploy.Repo.path("docs/deploy-aws.md"));
        String table = doc.substring(doc.indexOf("| group | direction | protocol and port | peer |"));
        List<String> rows = table.lines().skip(2).takeWhile(l -> l.startsWith("|"))
                .map(l -> java.util.Arrays.stream(l.split("\\|")).map(String::trim).filter(c -> !c.isEmpty()).toList())
                .map(c -> c.get(0) + " " + c.get(1) + " " + c.get(2) + " " + (c.get(1).equals("in") ? "from " : "to ") + c.get(3))
                .toList();
        assertThat(rows).containsExactlyInAnyOrderElementsOf(EXPECTED.stream().filter(r -> !r.endsWith("out nothing")).toList());
    }

    @Test
    void stagingHasExactlyTheListedRules() {
        assertThat(rules(Synthesized.staging().resources())).containsExactlyInAnyOrderElementsOf(EXPECTED);
    }

    @Test
    void productionToo() {
        assertThat(rules(Synthesized.production().resources())).containsExactlyInAnyOrderElementsOf(EXPECTED);
    }

    @Test
    void withAtlasThereIsNoDocumentDbGroup() {
        assertThat(rules(Synthesized.atlas().resources()))
                .containsExactlyInAnyOrderElementsOf(EXPECTED.stream().filter(r -> !r.contains("Documents")).toList());
    }

    @SuppressWarnings("unchecked")
    static List<String> rules(Map<String, Map<String, Object>> resources) {
        List<String> rules = new ArrayList<>();
        resources.forEach((id, resource) -> {
            Map<String, Object> p = (Map<String, Object>) resource.get("Properties");
            switch ((String) resource.get("Type")) {
                case "AWS::EC2::SecurityGroup" -> {
                    String group = Cfn.shortName(id, "Network");
                    Cfn.list(p.get("SecurityGroupIngress")).forEach(r -> rules.add(group + " in " + rule((Map<String, Object>) r, "from")));
                    Cfn.list(p.get("SecurityGroupEgress")).forEach(r -> rules.add(group + " out " + rule((Map<String, Object>) r, "to")));
                }
                case "AWS::EC2::SecurityGroupIngress" -> rules.add(group(p.get("GroupId")) + " in " + rule(p, "from"));
                case "AWS::EC2::SecurityGroupEgress" -> rules.add(group(p.get("GroupId")) + " out " + rule(p, "to"));
                default -> { }
            }
        });
        return rules;
    }

    private static String rule(Map<String, Object> r, String direction) {
        if ("255.255.255.255/32".equals(r.get("CidrIp")) && "icmp".equals(r.get("IpProtocol"))) {
            return "nothing"; // CDK's placeholder for a group that may send nothing
        }
        String port = r.get("FromPort").equals(r.get("ToPort")) ? String.valueOf(r.get("FromPort")) : r.get("FromPort") + "-" + r.get("ToPort");
        Object peer = r.containsKey("CidrIp") ? r.get("CidrIp")
                : group(r.containsKey("SourceSecurityGroupId") ? r.get("SourceSecurityGroupId") : r.get("DestinationSecurityGroupId"));
        return r.get("IpProtocol") + " " + port + " " + direction + " " + peer;
    }

    private static String group(Object reference) {
        String rendered = Cfn.render(reference); // ${NetworkNodes23796194.GroupId}
        return Cfn.shortName(rendered.substring(2, rendered.indexOf('.')), "Network");
    }
}
