package io.crmsync.connector.hubspot;

import io.crmsync.api.AppSettings;
import io.crmsync.api.ConfigProblem;
import io.crmsync.api.Connector;
import io.crmsync.api.ConnectorException;
import io.crmsync.api.ConnectorFactory;
import io.crmsync.api.FailureCategory;
import io.crmsync.api.WriteOperation;
import io.crmsync.sandbox.RollingWindowRateLimiter;
import io.crmsync.sandbox.SandboxServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Whole-call failures, secrets in messages, rate limits and settings, against the sandbox over HTTP. */
class HubSpotFailureTest {
    private static final String BAD_TOKEN = "pat-na1-0123-secret-token-value";

    @TempDir
    Path dir;

    @Test
    void check_badToken_throwsAuthenticationWithoutTokenInMessage() {
        try (Sandbox sandbox = new Sandbox(dir); Connector connector = sandbox.open(BAD_TOKEN, Map.of())) {
            List<ConnectorException> errors = new ArrayList<>();
            errors.add(catchThrowableOfType(ConnectorException.class, connector::check));
            errors.add(catchThrowableOfType(ConnectorException.class, () -> connector.readAll("contacts", null, 10)));
            errors.add(catchThrowableOfType(ConnectorException.class, () -> connector.write("contacts",
                    List.of(WriteOperation.create("c", Map.of("email", BAD_TOKEN + "@example.com"))))));

            assertThat(errors).allSatisfy(e -> {
                assertThat(e.category()).isEqualTo(FailureCategory.AUTHENTICATION);
                assertThat(fullText(e)).doesNotContain(BAD_TOKEN);
            });
        }
    }

    @Test
    void check_unreachableHost_throwsRemoteErrorWithoutTokenInMessage() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        // The token is also in the URL's user-info, as a misconfigured baseUrl could carry it.
        Map<String, Object> values = Map.of("token", BAD_TOKEN,
                "baseUrl", "http://" + BAD_TOKEN + "@127.0.0.1:" + closedPort);
        try (Connector connector = new HubSpotConnectorFactory().open(
                new AppSettings("hs", "hubspot", values, Set.of(BAD_TOKEN)))) {
            ConnectorException e = catchThrowableOfType(ConnectorException.class, connector::check);

            assertThat(e.category()).isEqualTo(FailureCategory.REMOTE_ERROR);
            assertThat(e.isTransient()).isTrue();
            assertThat(fullText(e)).doesNotContain(BAD_TOKEN);
        }
    }

    @Test
    void anyCall_dailyLimitUsedUp_throwsRateLimitedWithLongRetryAfter() {
        SandboxServer.Options options = SandboxServer.Options.defaults()
                .withRateLimiter(clock -> new RollingWindowRateLimiter(clock, 100, 10_000, 2));
        try (Sandbox sandbox = new Sandbox(dir, options); Connector connector = sandbox.open(Map.of())) {
            connector.check(); // the day's two requests: the contacts properties and the owners list

            ConnectorException e = catchThrowableOfType(ConnectorException.class, connector::check);

            assertThat(e.category()).isEqualTo(FailureCategory.RATE_LIMITED);
            assertThat(e.retryAfterMs()).isPositive();
        }
    }

    @Test
    void twoConnectorsOfOneAccount_shareOneRequestBudget() {
        try (Sandbox sandbox = new Sandbox(dir);
             Connector first = sandbox.open(Map.of("requestsPer10s", 3));
             Connector second = sandbox.open(Map.of("requestsPer10s", 3))) {
            long start = System.nanoTime();
            first.check();
            second.check();
            first.check();
            second.check(); // the fourth request of the account in 10 s waits for the window

            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(elapsedMs).isGreaterThanOrEqualTo(9_000);
        }
    }

    @Test
    void serviceLoader_findsHubSpotFactory() {
        assertThat(ServiceLoader.load(ConnectorFactory.class).stream().map(p -> p.get().type()))
                .contains("hubspot");
    }

    @Test
    void validate_missingTokenAndBadValues_reportsEachProblemWithoutSecrets() {
        List<ConfigProblem> problems = new HubSpotConnectorFactory().validate(new AppSettings("hs", "hubspot",
                Map.of("baseUrl", "ftp:nope", "timeZone", "Mars/Olympus", "requestsPer10s", "0"), Set.of()));

        assertThat(problems).extracting(ConfigProblem::path)
                .containsExactlyInAnyOrder("token", "baseUrl", "timeZone", "requestsPer10s");
    }

    @Test
    void validate_accessTokenAndObjectsMap_accepted() {
        Map<String, Object> objects = new LinkedHashMap<>(); // the config's order is the sync order
        objects.put("contacts", Map.of());
        objects.put("deals", Map.of());
        AppSettings settings = new AppSettings("hs", "hubspot", Map.of("accessToken", BAD_TOKEN,
                "objects", objects), Set.of(BAD_TOKEN));

        assertThat(new HubSpotConnectorFactory().validate(settings)).isEmpty();
        try (Connector c = new HubSpotConnectorFactory().open(settings)) {
            assertThat(c.info().objectTypes()).containsExactly("contacts", "deals");
            assertThat(c.info().maxBatchSize()).isEqualTo(100);
            assertThat(c.toString()).doesNotContain(BAD_TOKEN);
        }
    }

    private static String fullText(Throwable e) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        e.printStackTrace(new PrintStream(out, true));
        return out.toString();
    }
}
