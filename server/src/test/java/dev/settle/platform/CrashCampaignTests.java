package dev.settle.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.settle.support.crash.CrashCampaign;

/**
 * The fault campaign of bench/crash.sh in short: three rounds of kill -9 under load — of the
 * embedded PostgreSQL's postmaster (Settle then stopped gracefully), of the JVM, and of the
 * postmaster again — on one data folder, each followed by every check of the campaign. Any
 * violation fails the test; the campaign's report is in this test's output.
 */
class CrashCampaignTests {

    @Test
    void threeRoundsOfKill9UnderLoadLoseNothingAcknowledgedAndChargeNothingTwice() throws Exception {
        Path dataDir = Files.createTempDirectory(Path.of("target"), "crash-campaign-");
        CrashCampaign.Options options = CrashCampaign.Options.parse("--launch=classpath", "--data=" + dataDir, "--rounds=3",
                "--faults=postmaster,jvm", "--clients=4", "--load=2-4", "--settle-within=45", "-Xmx512m",
                // C1 only: Settle ready in about 20 s instead of 35 s on the busy 2-core VM; throughput does not matter here.
                "-XX:TieredStopAtLevel=1",
                "--settle.database.embedded-wal-reserve=0");

        CrashCampaign.Outcome outcome = new CrashCampaign(options, System.out).run();

        assertThat(outcome.rounds()).isEqualTo(3);
        assertThat(outcome.violations()).as("violations; the campaign's report is in the test output, Settle's logs in "
                + dataDir.resolve("logs")).isEmpty();
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
