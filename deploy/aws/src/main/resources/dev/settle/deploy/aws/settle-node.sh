# Boot of one Settle node on Amazon Linux 2023 (the user data; /etc/settle/deploy.env, written
# just before this by the CDK app, names every resource). Fetches the jar from the artifacts
# bucket, reads the node's secrets from Secrets Manager into an environment file only Settle's
# user can read, installs a systemd unit and the CloudWatch agent, and signals CloudFormation once
# the node answers its readiness probe (rolling updates wait for that signal).
set -euo pipefail
. /etc/settle/deploy.env

signal() { /opt/aws/bin/cfn-signal --exit-code "$1" --stack "$STACK_NAME" --resource "$ASG_LOGICAL_ID" --region "$REGION" || true; }
trap 'signal 1' ERR

dnf install -y -q java-25-amazon-corretto-headless amazon-cloudwatch-agent aws-cfn-bootstrap jq
id settle >/dev/null 2>&1 || useradd --system --home-dir /var/lib/settle --shell /sbin/nologin settle
install -d -o settle -g settle -m 0750 /var/lib/settle /var/lib/settle/data /var/log/settle
install -d -o root -g settle -m 0750 /etc/settle /opt/settle

aws s3 cp --only-show-errors "s3://$ARTIFACTS_BUCKET/$ARTIFACT_KEY" /opt/settle/settle.jar
chmod 0644 /opt/settle/settle.jar

# TLS to RDS and DocumentDB is verified against Amazon's RDS CA bundle, added to a copy of the
# JDK's trust store (the processors' and AWS's public CAs stay trusted).
curl -fsS -o /etc/settle/rds-ca.pem https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem
java_home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
cp "$java_home/lib/security/cacerts" /etc/settle/truststore.p12
csplit -s -z -f /tmp/rds-ca- /etc/settle/rds-ca.pem '/-----BEGIN CERTIFICATE-----/' '{*}'
for cert in /tmp/rds-ca-*; do
  keytool -importcert -noprompt -storepass changeit -keystore /etc/settle/truststore.p12 -alias "rds-$(basename "$cert")" -file "$cert" >/dev/null
done
rm -f /tmp/rds-ca-*
chgrp settle /etc/settle/rds-ca.pem /etc/settle/truststore.p12
chmod 0640 /etc/settle/rds-ca.pem /etc/settle/truststore.p12

secret() { aws secretsmanager get-secret-value --region "$REGION" --secret-id "$1" --query SecretString --output text; }
uri() { jq -rn --arg v "$1" '$v|@uri'; }

wrapped=$(secret "$WRAPPED_SECRETS_KEY_SECRET")
if [ "$wrapped" = "not-yet-wrapped" ]; then
  echo "The secret $WRAPPED_SECRETS_KEY_SECRET holds no wrapped key yet: docs/deploy-aws.md, step 4" >&2
  signal 1
  exit 1
fi
# Earlier keys during a rotation, {"k1": "<ciphertext>"}: one SETTLE_SECRETS_PREVIOUSKEYS_<ID> each
# (settle.secrets.previous-keys.<id>; ids of letters and digits).
previous_keys=$(jq -r 'to_entries[] | "SETTLE_SECRETS_PREVIOUSKEYS_\(.key | ascii_upcase)=\(.value)"' <<<"$(secret "$PREVIOUS_SECRETS_KEYS_SECRET")")
pg=$(secret "$DATABASE_SECRET")
mq=$(secret "$BROKER_SECRET")
redis_token=$(secret "$CACHE_SECRET")
if [ -n "${DOCUMENTS_SECRET:-}" ]; then
  docdb=$(secret "$DOCUMENTS_SECRET")
  mongodb_uri="mongodb://$(uri "$(jq -r .username <<<"$docdb")"):$(uri "$(jq -r .password <<<"$docdb")")@$DOCUMENTS_HOST:$DOCUMENTS_PORT/?tls=true&replicaSet=rs0&readPreference=primary&retryWrites=false"
else
  mongodb_uri=$(secret "$MONGODB_URI_SECRET")
fi

umask 077
cat > /etc/settle/settle.env <<ENV
PORT=$APP_PORT
SETTLE_DATA_DIR=/var/lib/settle/data
SETTLE_PUBLIC_URL=$PUBLIC_URL
SETTLE_DATABASE_URL=postgres://$(uri "$(jq -r .username <<<"$pg")"):$(uri "$(jq -r .password <<<"$pg")")@$DATABASE_HOST:$DATABASE_PORT/settle?sslmode=verify-full&sslrootcert=/etc/settle/rds-ca.pem
SETTLE_MONGODB_URI=$mongodb_uri
SETTLE_AMQP_URI=amqps://$(uri "$(jq -r .username <<<"$mq")"):$(uri "$(jq -r .password <<<"$mq")")@${AMQP_ENDPOINT#*://}
SETTLE_REDIS_URI=rediss://:$(uri "$redis_token")@$CACHE_HOST:$CACHE_PORT
SETTLE_S3_BUCKET=$FILES_BUCKET
SETTLE_S3_REGION=$REGION
SETTLE_OPERATOR_TOKEN=$(secret "$OPERATOR_TOKEN_SECRET")
SETTLE_KEY_PEPPER=$(secret "$KEY_PEPPER_SECRET")
SETTLE_KMS_KEY_ID=$ENVELOPE_KEY_ARN
SETTLE_SECRETS_KEY=$wrapped
SETTLE_SECRETS_KEY_ID=$SECRETS_KEY_ID
$previous_keys
LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs
ENV
chgrp settle /etc/settle/settle.env
chmod 0640 /etc/settle/settle.env
# The operator token, for the CloudWatch agent's scrape of /actuator/prometheus.
secret "$OPERATOR_TOKEN_SECRET" > /etc/settle/scrape-token
chmod 0600 /etc/settle/scrape-token

cat > /etc/systemd/system/settle.service <<UNIT
[Unit]
Description=Settle payments server
After=network-online.target
Wants=network-online.target

[Service]
User=settle
Group=settle
WorkingDirectory=/var/lib/settle
EnvironmentFile=/etc/settle/settle.env
ExecStart=/usr/bin/java $JAVA_FLAGS -Djavax.net.ssl.trustStore=/etc/settle/truststore.p12 -Djavax.net.ssl.trustStorePassword=changeit -jar /opt/settle/settle.jar
# Graceful shutdown: streams closed, in-flight requests finished (docs/operations.md, "Health").
KillSignal=SIGTERM
TimeoutStopSec=45
Restart=always
RestartSec=5
LimitNOFILE=65536
StandardOutput=append:/var/log/settle/settle.log
StandardError=append:/var/log/settle/settle.log
NoNewPrivileges=true
ProtectSystem=strict
ProtectHome=true
PrivateTmp=true
ReadWritePaths=/var/lib/settle /var/log/settle

[Install]
WantedBy=multi-user.target
UNIT

cat > /opt/aws/amazon-cloudwatch-agent/etc/prometheus.yaml <<PROM
global:
  scrape_interval: 60s
  scrape_timeout: 10s
scrape_configs:
  - job_name: settle
    metrics_path: /actuator/prometheus
    authorization:
      type: Bearer
      credentials_file: /etc/settle/scrape-token
    static_configs:
      - targets: ['127.0.0.1:$APP_PORT']
        labels:
          Stage: '$STAGE'
PROM
cat > /opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.json <<AGENT
{
  "agent": {"run_as_user": "root"},
  "logs": {
    "logs_collected": {
      "files": {"collect_list": [
        {"file_path": "/var/log/settle/settle.log", "log_group_name": "$LOG_GROUP", "log_stream_name": "{instance_id}"}
      ]}
    },
    "metrics_collected": {
      "prometheus": {
        "log_group_name": "$METRICS_LOG_GROUP",
        "prometheus_config_path": "/opt/aws/amazon-cloudwatch-agent/etc/prometheus.yaml",
        "emf_processor": {
          "metric_namespace": "$METRIC_NAMESPACE",
          "metric_declaration": [
            {"source_labels": ["job"], "label_matcher": "^settle\$", "dimensions": [["Stage"]],
             "metric_selectors": [$METRIC_SELECTORS]}
          ]
        }
      }
    }
  }
}
AGENT
/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s \
  -c file:/opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.json

systemctl daemon-reload
systemctl enable --now settle.service
for _ in $(seq 120); do
  if curl -fsS -o /dev/null "http://127.0.0.1:$APP_PORT$READINESS_PATH"; then signal 0; exit 0; fi
  sleep 5
done
echo "Settle did not become ready within 10 minutes" >&2
signal 1
exit 1
