package dev.settle.deploy.aws;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.elasticloadbalancingv2.HttpCodeElb;
import software.amazon.awscdk.services.elasticloadbalancingv2.HttpCodeTarget;
import software.amazon.awscdk.services.sns.Topic;
import software.constructs.Construct;

/**
 * CloudWatch alarms into one SNS topic: the load balancer's 5xx rate and p99 latency, and Settle's
 * own gauges (docs/observability.md), which the CloudWatch agent on every node scrapes from
 * /actuator/prometheus and sends as embedded metric format into the namespace {@value #NAMESPACE}
 * with the dimension {@code Stage}. Settle's gauges are the database's numbers, the same on every
 * node, so the alarms take the maximum.
 */
final class Alarms extends Construct {

    static final String NAMESPACE = "Settle";

    /** The Prometheus series the agent forwards, each named in docs/observability.md (a timer's {@code _max}). */
    static final Map<String, String> SETTLE_ALARMS = Map.of(
            "WebhookDeliveryLag", "settle_webhook_delivery_lag_seconds_max",
            "WebhookDeliveriesOverdue", "settle_webhook_deliveries_overdue",
            "OutboxBacklog", "settle_outbox_backlog",
            "OutboxOldestAge", "settle_outbox_oldest_age",
            "JanitorBacklog", "settle_janitor_backlog",
            "NeedsReview", "settle_needs_review");

    final Topic topic;

    Alarms(Construct scope, String id, Stage stage, Nodes nodes) {
        super(scope, id);
        topic = Topic.Builder.create(this, "Topic").displayName("Settle " + stage.name() + " alarms").build();
        SnsAction notify = new SnsAction(topic);
        Duration minute = Duration.minutes(1);

        MathExpression errorRate = MathExpression.Builder.create()
                .expression("100 * (FILL(elb, 0) + FILL(target, 0)) / requests")
                // Sorted: Map.of's order changes from one JVM to the next, and the metrics become a list in the template.
                .usingMetrics(new java.util.TreeMap<>(Map.of(
                        "elb", nodes.loadBalancer.getMetrics().httpCodeElb(HttpCodeElb.ELB_5XX_COUNT, sum(minute)),
                        "target", nodes.loadBalancer.getMetrics().httpCodeTarget(HttpCodeTarget.TARGET_5XX_COUNT, sum(minute)),
                        "requests", nodes.loadBalancer.getMetrics().requestCount(sum(minute)))))
                .label("5xx answers, % of requests")
                .period(minute)
                .build();
        alarm("Http5xxRate", errorRate, 1, 5, 3, "More than 1% of answers were 5xx in 3 of 5 minutes", TreatMissingData.NOT_BREACHING, notify, stage);

        IMetric p99 = nodes.targets.getMetrics().targetResponseTime(MetricOptions.builder()
                .statistic("p99").period(minute).build());
        alarm("LatencyP99", p99, stage.p99AlarmSeconds(), 5, 5, "p99 target response time above "
                + stage.p99AlarmSeconds() + " s for 5 minutes", TreatMissingData.NOT_BREACHING, notify, stage);

        alarm("WebhookDeliveryLag", settle("WebhookDeliveryLag", stage), 300, 5, 5,
                "A webhook was delivered more than 5 minutes after its event", TreatMissingData.NOT_BREACHING, notify, stage);
        alarm("WebhookDeliveriesOverdue", settle("WebhookDeliveriesOverdue", stage), 0, 5, 5,
                "Deliveries over a minute past their time for 5 minutes: the dispatcher is stalled", TreatMissingData.NOT_BREACHING, notify, stage);
        // Missing counts as breaching: no number for 5 minutes means no node is scraped, or none runs.
        alarm("OutboxBacklog", settle("OutboxBacklog", stage), 1000, 5, 5,
                "More than 1,000 events waiting for the relay for 5 minutes", TreatMissingData.BREACHING, notify, stage);
        alarm("OutboxOldestAge", settle("OutboxOldestAge", stage), 60, 3, 3,
                "The oldest unrelayed event has waited over 60 s: the relay is stalled", TreatMissingData.NOT_BREACHING, notify, stage);
        alarm("JanitorBacklog", settle("JanitorBacklog", stage), 100, 15, 15,
                "More than 100 charges or refunds with an unknown outcome for 15 minutes", TreatMissingData.NOT_BREACHING, notify, stage);
        alarm("NeedsReview", settle("NeedsReview", stage), 0, 1, 1,
                "A charge or refund the janitor gave up on: a person must settle it", TreatMissingData.NOT_BREACHING, notify, stage);
    }

    private static MetricOptions sum(Duration period) {
        return MetricOptions.builder().statistic("Sum").period(period).build();
    }

    private static Metric settle(String alarm, Stage stage) {
        return Metric.Builder.create()
                .namespace(NAMESPACE)
                .metricName(SETTLE_ALARMS.get(alarm))
                .dimensionsMap(Map.of("Stage", stage.name()))
                .statistic("Maximum")
                .period(Duration.minutes(1))
                .build();
    }

    private void alarm(String id, IMetric metric, double threshold, int evaluationPeriods, int datapoints, String description,
            TreatMissingData missing, SnsAction notify, Stage stage) {
        Alarm alarm = Alarm.Builder.create(this, id)
                .alarmName(stage.prefix() + "-" + id)
                .alarmDescription(description)
                .metric(metric)
                .threshold(threshold)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .evaluationPeriods(evaluationPeriods)
                .datapointsToAlarm(datapoints)
                .treatMissingData(missing)
                .build();
        alarm.addAlarmAction(notify);
        alarm.addOkAction(notify);
    }

    /** The agent's metric_selectors: the forwarded series, as JSON strings in an unquoted heredoc. */
    static String metricSelectors() {
        return SETTLE_ALARMS.values().stream().sorted()
                .map(name -> "\"^" + name + "\\$\"")
                .collect(Collectors.joining(", "));
    }

    static List<String> forwardedMetrics() {
        return SETTLE_ALARMS.values().stream().sorted().toList();
    }
}
