package io.crmsync.connector.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.api.ChangePage;
import io.crmsync.api.Checkpoint;
import io.crmsync.api.Connector;
import io.crmsync.sandbox.MutableClock;
import io.crmsync.sandbox.RollingWindowRateLimiter;
import io.crmsync.sandbox.SandboxServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pacing against the server's rolling window, and the checkpoint taken from HubSpot's Date header. */
class HubSpotPacingTest {
    @TempDir
    Path dir;

    @Test
    void pacing_withSlowAnswers_neverOverflowsTheServersWindow() {
        // The sandbox counts a request after its injected delay: a slow request is counted late, so a client
        // that timed its window from the send would see a 429 one window later.
        SandboxServer.Options options = SandboxServer.Options.defaults()
                .withRateLimiter(clock -> new RollingWindowRateLimiter(clock, 4, 10_000, 1_000));
        try (Sandbox sandbox = new Sandbox(dir, options);
             Connector connector = sandbox.open(Map.of("requestsPer10s", 4))) {
            sandbox.faults("{\"slowRate\":0.5,\"slowMillis\":300,\"seed\":3}");
            for (int i = 0; i < 6; i++) {
                connector.check();
            }
            assertThat(sandbox.server().throttledCount()).isZero();
            // Six properties calls, and the owners list read once with the first schema (HubSpotOwners).
            assertThat(sandbox.server().requestCount()).isEqualTo(7);
        }
    }

    @Test
    void check_keepsTheSchema_andCheckpointUsesTheAnswersDate_withoutMoreCalls() {
        Instant t0 = Instant.parse("2026-03-01T12:00:00.500Z");
        MutableClock clock = new MutableClock(t0);
        try (Sandbox sandbox = new Sandbox(dir, SandboxServer.Options.defaults().withClock(clock));
             Connector connector = sandbox.open(Map.of())) {
            sandbox.server().resetCounters();
            connector.check();
            connector.schema("contacts");
            Checkpoint cp = connector.checkpoint("contacts");
            assertThat(sandbox.server().requestCount()).as("check only: properties and owners").isEqualTo(2);
            assertThat(Long.parseLong(cp.value())).isEqualTo(Instant.parse("2026-03-01T12:00:00Z").toEpochMilli());
        }
    }

    @Test
    void readChanges_checkpointIsHubSpotsTimeAtTheSearch_whenTheNewestChangeIsOlder() {
        Instant t0 = Instant.parse("2026-03-01T12:00:00.500Z");
        MutableClock clock = new MutableClock(t0);
        try (Sandbox sandbox = new Sandbox(dir, SandboxServer.Options.defaults().withClock(clock));
             Connector connector = sandbox.open(Map.of("indexingLagMs", 5_000))) {
            String id = sandbox.insert("contacts", Map.of("email", "a@example.com"));
            clock.advance(Duration.ofMinutes(1));
            ChangePage page = connector.readChanges("contacts", new Checkpoint(Long.toString(t0.toEpochMilli()
                    - 1)), null, 100);
            assertThat(page.records()).extracting(r -> r.id()).containsExactly(id);
            // Not the change's own time (t0): the next read would re-read everything of the 5 s before it.
            assertThat(Long.parseLong(page.checkpoint().value()))
                    .isEqualTo(Instant.parse("2026-03-01T12:01:00Z").toEpochMilli());

            sandbox.update("contacts", id, "firstname", "Ann");
            ChangePage next = connector.readChanges("contacts", page.checkpoint(), null, 100);
            assertThat(next.records()).extracting(r -> r.get("firstname")).containsExactly("Ann");
        }
    }

    @Test
    void httpDate_parsesRfc1123_elseMinusOne() {
        assertThat(HubSpotHttp.httpDate("Thu, 15 Jan 2026 10:00:00 GMT"))
                .isEqualTo(Instant.parse("2026-01-15T10:00:00Z").toEpochMilli());
        assertThat(HubSpotHttp.httpDate("yesterday")).isEqualTo(-1);
    }
}
