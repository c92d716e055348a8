package io.crmsync.app.config;

import static io.crmsync.app.config.ConfigFixtures.errors;
import static io.crmsync.app.config.ConfigFixtures.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The {@code serve:} key: port, poll interval and reconcile interval for {@code crmsync serve}. */
class ServeConfigTest {
    private static String withServe(String serve) {
        return ConfigFixtures.withObjectSync("{}") + "serve: " + serve + "\n";
    }

    @Test
    void noServeKey_defaultsPort8088PollEvery60sReconcileEveryHour() {
        ServeConfig serve = parse(ConfigFixtures.withObjectSync("{}")).serve();

        assertThat(serve.port()).isEqualTo(8088);
        assertThat(serve.pollInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(serve.reconcileInterval()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void portAndIntervalWithUnits_areRead() {
        assertThat(parse(withServe("{port: 9000, pollInterval: 5m, reconcileInterval: 24h}")).serve())
                .isEqualTo(new ServeConfig(9000, Duration.ofMinutes(5), Duration.ofHours(24)));
        assertThat(parse(withServe("{pollInterval: 500ms}")).serve().pollInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(parse(withServe("{pollInterval: 90}")).serve().pollInterval()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void pollIntervalZeroOrOff_turnsPollingOff() {
        assertThat(parse(withServe("{pollInterval: 0}")).serve().pollInterval()).isZero();
        assertThat(parse(withServe("{pollInterval: \"off\"}")).serve().pollInterval()).isZero();
    }

    @Test
    void reconcileIntervalZeroOrOff_turnsReconciliationOff() {
        assertThat(parse(withServe("{reconcileInterval: 0}")).serve().reconcileInterval()).isZero();
        assertThat(parse(withServe("{reconcileInterval: \"off\"}")).serve().reconcileInterval()).isZero();
        assertThat(parse(withServe("{reconcileInterval: 30m}")).serve().reconcileInterval())
                .isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void badPortIntervalAndUnknownKey_eachNamedWithItsLine() {
        assertThat(errors(withServe("{port: 70000, pollInterval: soon, pol: 1, reconcileInterval: nightly}")))
                .extracting(ConfigError::toString).containsExactlyInAnyOrder(
                        "crmsync.yaml:10: serve.pol: unknown key; did you mean port? expected one of: port, "
                                + "pollInterval, reconcileInterval",
                        "crmsync.yaml:10: serve.reconcileInterval: reconcileInterval must be a duration such as 1h, "
                                + "30m or 24h, or 0 to turn reconciliation off, got \"nightly\"",
                        "crmsync.yaml:10: serve.port: port must be a TCP port, 0 (any free port) to 65535, got "
                                + "\"70000\"",
                        "crmsync.yaml:10: serve.pollInterval: pollInterval must be a duration such as 60s, 5m or "
                                + "500ms, or 0 to turn polling off, got \"soon\"");
    }
}
