package io.crmsync.app.e2e;

import static io.crmsync.app.e2e.Jdbc.exec;
import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.app.cli.CliRun;
import io.crmsync.engine.state.RecordRow;
import io.crmsync.sandbox.SandboxServer;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Field case C-21 end to end: a HubSpot app with a legacy API key (sent as {@code hapikey}, which the sandbox's
 * 403 quotes back), an OAuth refresh token and client secret, and a PostgreSQL app with a password; a run at DEBUG
 * with a 403 on the batch update endpoint and an OAuth refresh on a 401; then every output a user might share.
 */
class SecretsRedactionTest extends SandboxPostgresBase {
    private static final String API_KEY = "TEST-KEY-0123456789abcdef";
    private static final String REFRESH = "TEST-REFRESH-abcdef";
    private static final String CLIENT_SECRET = "TEST-SECRET-xyz";
    private static final String PG_PASSWORD = "TEST-PGPASS-42";
    private static final List<String> SECRETS = List.of(API_KEY, REFRESH, CLIENT_SECRET, PG_PASSWORD);
    private static final Map<String, String> ENV = Map.of("HUBSPOT_API_KEY", API_KEY,
            "HUBSPOT_REFRESH_TOKEN", REFRESH, "HUBSPOT_CLIENT_SECRET", CLIENT_SECRET, "SHOP_PASSWORD", PG_PASSWORD);
    private static final String UPDATE = "/crm/v3/objects/contacts/batch/update";

    @Override
    SandboxServer.Options sandboxOptions() {
        return super.sandboxOptions().withTokens(Set.of(SandboxServer.DEFAULT_TOKEN, API_KEY))
                .withOAuth(new SandboxServer.OAuthApp("crmsync-test-client", CLIENT_SECRET, REFRESH, 1800));
    }

    @Test
    @Timeout(120)
    void c21_debugRunWith403AndOAuthRefresh_noSecretInLogsErrorsStatusOrExports_recordFailedPermissionWithPath()
            throws Exception {
        insertCustomers(3);
        Path cfg = config();
        Map<String, String> outputs = new LinkedHashMap<>();
        String logs;
        try (DebugLogCapture capture = new DebugLogCapture("io.crmsync", "com.zaxxer.hikari")) {
            CliRun.Result first = CliRun.run(ENV, "run", "--config", cfg.toString(), "--json");
            assertThat(first.code()).as(first.out() + first.err()).isZero();
            outputs.put("run 1 --json", first.out() + first.err());

            exec(pgUrl, "UPDATE customers SET first = 'Changed', updated_at = now() + interval '1 second'"
                    + " WHERE email = 'person1@example.com'");
            admin("POST", "/_sandbox/faults", "{\"rules\":[{\"path\":\"" + UPDATE + "\",\"status\":403},"
                    + "{\"path\":\"/crm/v3/objects/contacts/search\",\"status\":401,\"times\":1}]}");
            CliRun.Result second = CliRun.run(ENV, "run", "--config", cfg.toString(), "--json");
            assertThat(second.code()).as("a record failed: " + second.out() + second.err()).isEqualTo(1);
            outputs.put("run 2 --json", second.out() + second.err());
            logs = capture.text();
        }
        outputs.put("logs", logs);
        CliRun.Result status = CliRun.run(ENV, "status", "--config", cfg.toString(), "--json");
        outputs.put("status --json", status.out() + status.err());
        CliRun.Result statusText = CliRun.run(ENV, "status", "--config", cfg.toString());
        outputs.put("status", statusText.out() + statusText.err());
        CliRun.Result screen = CliRun.run(ENV, "records", "--config", cfg.toString(), "--columns",
                "idA,idB,state,reason,message,attempts,updatedAt");
        outputs.put("records", screen.out() + screen.err());
        Path csv = dir.resolve("errors.csv");
        Path xlsx = dir.resolve("errors.xlsx");
        assertThat(CliRun.run(ENV, "records", "--config", cfg.toString(), "--export", csv.toString()).code()).isZero();
        assertThat(CliRun.run(ENV, "records", "--config", cfg.toString(), "--export", xlsx.toString()).code()).isZero();
        outputs.put("records.csv", Files.readString(csv));
        outputs.put("records.xlsx", unzipText(xlsx));
        List<RecordRow> rows = records(cfg, ENV, null);
        StringBuilder stored = new StringBuilder();
        rows.forEach(r -> stored.append(r).append('\n'));
        outputs.put("state store messages", stored.toString());

        // The run really was at DEBUG, captured, called HubSpot with the key in the URL and refreshed on the 401.
        assertThat(logs).contains("HubSpot -> POST", "hapikey=***", "HubSpot OAuth: access token refreshed",
                "refreshing the OAuth access token");
        assertThat(logs.split("access token refreshed", -1).length - 1).as("refreshes").isGreaterThanOrEqualTo(3);
        for (Map.Entry<String, String> out : outputs.entrySet()) {
            for (String secret : SECRETS) {
                assertThat(count(out.getValue(), secret)).as(secret + " in " + out.getKey() + ":\n" + out.getValue())
                        .isZero();
            }
        }
        // The failing record: failed(PERMISSION) with the endpoint path, in the store and every export.
        List<RecordRow> failed = rows.stream().filter(r -> "FAILED".equals(r.state())).toList();
        assertThat(failed).hasSize(1);
        assertThat(failed.get(0).reason()).isEqualTo("PERMISSION");
        assertThat(failed.get(0).message()).contains("403", UPDATE, "hapikey=***");
        assertThat(rows.stream().filter(r -> "SYNCING".equals(r.state()))).hasSize(2);
        assertThat(outputs.get("records.csv")).contains("PERMISSION", UPDATE);
        assertThat(outputs.get("records.xlsx")).contains("PERMISSION", UPDATE);
        assertThat(outputs.get("status --json")).contains("PERMISSION");
        assertThat(outputs.get("run 2 --json")).contains("PERMISSION");
    }

    @Test
    @Timeout(60)
    void c21_wrongClientSecret_runRefusedAsAuthenticationNamingTheTokenEndpoint_noSecretInOutputOrLogs()
            throws Exception {
        insertCustomers(1);
        Path cfg = config();
        Map<String, String> env = new LinkedHashMap<>(ENV);
        env.put("HUBSPOT_CLIENT_SECRET", "TEST-SECRET-wrong");
        CliRun.Result r;
        String logs;
        try (DebugLogCapture capture = new DebugLogCapture("io.crmsync")) {
            r = CliRun.run(env, "run", "--config", cfg.toString());
            logs = capture.text();
        }
        String all = r.out() + r.err() + logs;
        assertThat(r.code()).as(all).isNotZero();
        assertThat(r.out() + r.err()).contains("/oauth/v1/token", "BAD_CLIENT_SECRET");
        assertThat(logs).contains("HubSpot OAuth: refreshing the access token");
        for (String secret : List.of(API_KEY, REFRESH, CLIENT_SECRET, PG_PASSWORD, "TEST-SECRET-wrong")) {
            assertThat(count(all, secret)).as(secret + " in:\n" + all).isZero();
        }
    }

    private static int count(String text, String secret) {
        int n = 0;
        for (int i = text.indexOf(secret); i >= 0; i = text.indexOf(secret, i + 1)) {
            n++;
        }
        return n;
    }

    /** Every entry of an XLSX (a zip of XML files) as one text. */
    private static String unzipText(Path xlsx) throws Exception {
        StringBuilder out = new StringBuilder();
        try (ZipFile zip = new ZipFile(xlsx.toFile())) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                try (InputStream in = zip.getInputStream(e)) {
                    out.append(e.getName()).append('\n').append(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                            .append('\n');
                }
            }
        }
        return out.toString();
    }

    private Path config() throws Exception {
        return writeShopToHubSpotConfig(dir, """
                    apiKey: ${HUBSPOT_API_KEY}
                    refreshToken: ${HUBSPOT_REFRESH_TOKEN}
                    clientId: crmsync-test-client
                    clientSecret: ${HUBSPOT_CLIENT_SECRET}
                """, "    password: ${SHOP_PASSWORD}\n");
    }
}
