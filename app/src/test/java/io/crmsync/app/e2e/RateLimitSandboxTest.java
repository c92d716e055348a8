package io.crmsync.app.e2e;

import static io.crmsync.app.e2e.Jdbc.exec;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.crmsync.app.cli.CliRun;
import io.crmsync.engine.run.RunReport;
import io.crmsync.engine.state.RecordRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Field case C-20 end to end: PostgreSQL ("shop") → HubSpot sandbox over HTTP ("hubspot"), one way, 50 changed
 * contacts, with rate-limit answers injected into the sandbox's batch update endpoint.
 */
class RateLimitSandboxTest extends SandboxPostgresBase {
    private static final int CONTACTS = 50;
    private static final String UPDATE = "/crm/v3/objects/contacts/batch/update";

    @Test
    @Timeout(120)
    void c20_first3BatchUpdates429TenSecondly_retriedHonouringRetryAfter_all50Syncing() throws Exception {
        Path cfg = changedContacts();
        admin("POST", "/_sandbox/faults", "{\"rules\":[{\"method\":\"POST\",\"path\":\"/batch/update\","
                + "\"status\":429,\"policyName\":\"TEN_SECONDLY_ROLLING\",\"retryAfterSeconds\":1,\"times\":3}]}");

        RunReport r = run(cfg, Map.of());

        assertThat(r.counts().updatedB()).isEqualTo(CONTACTS);
        assertThat(r.counts().failed()).isZero();
        assertThat(states(cfg, Map.of())).isEqualTo(Map.of("SYNCING", Map.of("", CONTACTS)));
        assertThat(hubspotByEmail()).containsEntry("person0@example.com", "Changed0|Last0")
                .containsEntry("person49@example.com", "Changed49|Last49");
        List<JsonNode> updates = requests().stream().filter(n -> n.path("path").asText().equals(UPDATE)).toList();
        assertThat(updates).extracting(n -> n.path("injected").asInt()).containsExactly(429, 429, 429, 0);
        for (int i = 1; i < updates.size(); i++) {
            long gap = updates.get(i).path("at").asLong() - updates.get(i - 1).path("at").asLong();
            assertThat(gap).as("gap before retry " + i + " (Retry-After: 1)").isGreaterThanOrEqualTo(950);
        }
    }

    @Test
    @Timeout(120)
    void c20_dailyLimit_runPausesWithoutHammering_failedRateLimitedRetryScheduled_resumesAfterDailyReset()
            throws Exception {
        Path cfg = changedContacts();
        admin("POST", "/_sandbox/faults", "{\"rules\":[{\"method\":\"POST\",\"path\":\"/batch/update\","
                + "\"status\":429,\"policyName\":\"DAILY\"}]}");
        int before = requests().size();

        RunReport paused = run(cfg, Map.of());

        assertThat(paused.counts().updatedB()).isZero();
        assertThat(paused.failed()).isEqualTo(Map.of("RATE_LIMITED", CONTACTS));
        List<JsonNode> log = requests().subList(before, requests().size());
        int first429 = indexOfFirst429(log);
        assertThat(first429).as("a DAILY 429 was answered").isNotNegative();
        assertThat(log.size() - first429 - 1).as("requests after the first DAILY 429: " + log).isLessThanOrEqualTo(1);
        assertThat(log.stream().filter(n -> n.path("path").asText().equals(UPDATE)).count()).isEqualTo(1);

        // Persistent and visible: the state store, records (screen and export) and status show it.
        List<RecordRow> failed = records(cfg, Map.of(), "FAILED");
        assertThat(failed).hasSize(CONTACTS).allSatisfy(row -> {
            assertThat(row.reason()).isEqualTo("RATE_LIMITED");
            assertThat(row.message()).startsWith("[retry scheduled after ").contains("DAILY", "attempt 1]");
        });
        Instant resetAt = nextMidnightOnSandboxClock();
        // The retry time is the sandbox's Retry-After (whole seconds) from now: midnight, give or take a second.
        String resetMinute = resetAt.toString().substring(0, 16);
        assertThat(failed.get(0).message()).contains("[retry scheduled after " + resetMinute);
        CliRun.Result screen = CliRun.run(Map.of(), "records", "--config", cfg.toString(), "--state", "failed");
        assertThat(screen.out()).contains("RATE_LIMITED", "[retry scheduled after");
        Path csv = dir.resolve("failed.csv");
        CliRun.run(Map.of(), "records", "--config", cfg.toString(), "--export", csv.toString());
        assertThat(Files.readString(csv)).contains("RATE_LIMITED", "retry scheduled after " + resetMinute);
        CliRun.Result status = CliRun.run(Map.of(), "status", "--config", cfg.toString());
        assertThat(status.out()).contains("RATE_LIMITED", "retries automatically", "retry scheduled  50 RATE_LIMITED,"
                + " next after " + resetMinute, "attempt 1");
        JsonNode statusJson = JSON.readTree(CliRun.run(Map.of(), "status", "--config", cfg.toString(), "--json").out());
        JsonNode retry = statusJson.path("objectSyncs").path(0).path("retryScheduled").path("RATE_LIMITED");
        assertThat(retry.path("records").asInt()).isEqualTo(CONTACTS);
        assertThat(retry.path("nextAfter").asText()).startsWith(resetMinute);

        // A run before the reset probes once and keeps every record in retry, one attempt more.
        before = requests().size();
        assertThat(run(cfg, Map.of()).failed()).isEqualTo(Map.of("RATE_LIMITED", CONTACTS));
        assertThat(requests().subList(before, requests().size()).stream()
                .filter(n -> n.path("path").asText().equals(UPDATE)).count()).isEqualTo(1);
        assertThat(records(cfg, Map.of(), "FAILED")).hasSize(CONTACTS)
                .allSatisfy(row -> assertThat(row.attempts()).isEqualTo(2));

        // Past midnight on the sandbox clock the quota is back: the next run syncs them all.
        Instant now = Instant.parse(admin("GET", "/_sandbox/clock", null).path("now").asText());
        admin("POST", "/_sandbox/clock", "{\"advanceMillis\":" + (Duration.between(now, resetAt).toMillis() + 60_000)
                + "}");
        RunReport resumed = run(cfg, Map.of());
        assertThat(resumed.counts().updatedB()).isEqualTo(CONTACTS);
        assertThat(resumed.counts().failed()).isZero();
        assertThat(CliRun.run(Map.of(), "status", "--config", cfg.toString()).out()).doesNotContain("retry scheduled");
        assertThat(states(cfg, Map.of())).isEqualTo(Map.of("SYNCING", Map.of("", CONTACTS)));
        assertThat(hubspotByEmail()).containsEntry("person7@example.com", "Changed7|Last7");
    }

    /** 50 customers synced once to the sandbox, then all 50 changed in PostgreSQL; returns the config. */
    private Path changedContacts() throws Exception {
        insertCustomers(CONTACTS);
        Path cfg = config();
        RunReport initial = run(cfg, Map.of());
        assertThat(initial.counts().createdB()).isEqualTo(CONTACTS);
        exec(pgUrl, "UPDATE customers SET first = 'Changed' || (id - 1), updated_at = now() + interval '1 second'");
        return cfg;
    }

    private Instant nextMidnightOnSandboxClock() throws Exception {
        Instant now = Instant.parse(admin("GET", "/_sandbox/clock", null).path("now").asText());
        return LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static int indexOfFirst429(List<JsonNode> log) {
        for (int i = 0; i < log.size(); i++) {
            if (log.get(i).path("injected").asInt() == 429) {
                return i;
            }
        }
        return -1;
    }

    private Path config() throws Exception {
        return writeShopToHubSpotConfig(dir, "    token: sandbox-token\n", "");
    }
}
