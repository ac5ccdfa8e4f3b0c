# syntax=docker/dockerfile:1
# Settle's container image: built with the Maven wrapper, run on a JRE as a non-root user from the
# layers of the Spring Boot jar (dependencies change rarely, the application often, so a new
# version usually ships only its last layer). Not built on the machine Settle is developed on
# (no Docker engine there): ContainerImageTests keeps this file true to the build.
#
#   docker build -t settle .
#   docker run -p 8080:8080 -v settle-data:/app/data settle

# --- build ----------------------------------------------------------------------------------
# JDK 25, as the benchmarks in bench/README.md ran on (the code is compiled for release 21).
FROM eclipse-temurin:25-jdk-noble AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY server/pom.xml server/
COPY cli/pom.xml cli/
COPY bench/pom.xml bench/
COPY deploy/aws/pom.xml deploy/aws/
RUN --mount=type=cache,target=/root/.m2 ./mvnw --batch-mode --no-transfer-progress -pl server dependency:go-offline
COPY server/ server/
RUN --mount=type=cache,target=/root/.m2 ./mvnw --batch-mode --no-transfer-progress -pl server -DskipTests package \
 && java -Djarmode=tools -jar server/target/settle.jar extract --layers --launcher --destination /layers

# --- run ------------------------------------------------------------------------------------
FROM eclipse-temurin:25-jre-noble
# curl for the health check; nothing else is added to the base image.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 settle \
 && useradd --system --uid 10001 --gid settle --home-dir /app --shell /usr/sbin/nologin settle \
 && install -d -o settle -g settle -m 0750 /app /app/data
WORKDIR /app
COPY --from=build --chown=settle:settle /layers/dependencies/ ./
COPY --from=build --chown=settle:settle /layers/spring-boot-loader/ ./
COPY --from=build --chown=settle:settle /layers/snapshot-dependencies/ ./
COPY --from=build --chown=settle:settle /layers/application/ ./
USER 10001:10001
# Embedded mode keeps its PostgreSQL cluster, secrets and files here (SETTLE_DATA_DIR, ./data).
VOLUME ["/app/data"]
ENV PORT=8080
EXPOSE 8080
# docs/operations.md: ZGC, the heap reserved and touched at start. Give the container at least
# the heap plus 1.5 GB; override JAVA_OPTS to size the heap to it.
ENV JAVA_OPTS="-XX:+UseZGC -Xms4g -Xmx4g -XX:+AlwaysPreTouch"
HEALTHCHECK --interval=10s --timeout=3s --start-period=120s --retries=3 \
  CMD curl -fsS -o /dev/null "http://127.0.0.1:${PORT}/actuator/health/readiness" || exit 1
# exec: java is PID 1 and gets SIGTERM, so the graceful shutdown (docs/operations.md) runs.
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS org.springframework.boot.loader.launch.JarLauncher \"$@\"", "settle"]
