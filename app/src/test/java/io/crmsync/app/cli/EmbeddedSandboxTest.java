package io.crmsync.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.app.bind.Workspace;
import io.crmsync.app.cli.CliFixture.Result;
import io.crmsync.app.serve.Serve;
import io.crmsync.engine.run.RunOptions;
import io.crmsync.sandbox.SandboxSeed;
import io.crmsync.sandbox.SandboxServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A HubSpot app with {@code sandbox: DIR}: crmsync starts the local sandbox on that folder for the command, syncs
 * through its HTTP API, and stops it; bad uses are config errors on the key's line.
 */
class EmbeddedSandboxTest {
    @TempDir
    Path dir;

    CliFixture fx;
    Path sandboxDir;

    @BeforeEach
    void setUp() {
        fx = new CliFixture(dir);
        sandboxDir = dir.resolve("hubspot-sandbox");
        try (SandboxServer seed = SandboxServer.start(0, sandboxDir)) {
            SandboxSeed.apply(seed, List.of(), List.of(
                    new SandboxSeed.Contact(Map.of("email", "ann@example.com", "firstname", "Ann"), null),
                    new SandboxSeed.Contact(Map.of("email", "hub@example.com", "firstname", "Hub"), null)));
        }
    }

    /** The fixture's crm app replaced by a HubSpot app on the sandbox folder, with {@code extra} keys. */
    private void useSandbox(String extra) {
        String yaml = fx.yaml();
        int from = yaml.indexOf("  crm:\n");
        int to = yaml.indexOf("  shop:\n");
        fx.writeConfig(yaml.substring(0, from) + "  crm:\n    type: hubspot\n    sandbox: " + sandboxDir + "\n"
                + extra + "    objects: [contacts]\n" + yaml.substring(to)
                .replace("- {crm: seats, shop: seats}", "")
                .replace("- {crm: firstname, shop: firstname}", "- {crm: firstname, shop: firstname}\n"));
    }

    @Test
    void run_hubspotAppOnASandboxFolder_syncsBothWaysThroughTheStartedSandbox() {
        useSandbox("");

        Result r = fx.cli("run");

        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("created          crm 1, shop 1");
        try (SandboxServer after = SandboxServer.start(0, sandboxDir)) {
            assertThat(SandboxSeed.records(after, "contacts")).extracting(s -> s.properties().get("email"))
                    .containsExactlyInAnyOrder("ann@example.com", "hub@example.com", "cy@example.com");
        }
    }

    @Test
    void serve_webhooksOnAnAppTheSandboxIsStartedFor_notesThatNoneComeAndHowToGetThem() throws Exception {
        useSandbox("    webhooks: {clientSecret: sandbox-secret}\n");
        List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();

        try (Workspace ws = Workspace.open(fx.config, Map.of());
                Serve serve = new Serve(ws, ws.config().serve().withPort(0), RunOptions.defaults(), log::add)) {
            serve.start();

            assertThat(log).anyMatch(l -> l.contains("app crm has webhooks but runs on the sandbox")
                    && l.contains("crmsync sandbox --data " + sandboxDir + " --webhooks-to http://127.0.0.1:"
                            + serve.port() + "/webhooks/hubspot/crm")
                    && l.contains("baseUrl"));
        }
    }

    @Test
    void validate_sandboxAndBaseUrlBothGiven_isAnErrorOnTheSandboxLine() {
        useSandbox("    baseUrl: http://127.0.0.1:9\n");

        Result r = fx.cli("validate");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).containsPattern("crmsync\\.yaml:\\d+: apps\\.crm\\.sandbox")
                .contains("either sandbox").contains("or baseUrl");
    }

    @Test
    void validate_sandboxFolderHeldByASandboxInAnotherProcess_namesTheFolderAndTheWayOut() throws Exception {
        useSandbox("");
        // Another process: within one JVM, H2 shares an open database instead of refusing it.
        Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.crmsync.sandbox.Main", "--port", "0",
                "--data", sandboxDir.toString()).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(other.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.contains("listening"));
            assertThat(line).as("the other sandbox started").isNotNull();

            Result r = fx.cli("validate");

            assertThat(r.code()).as(r.all()).isEqualTo(2);
            assertThat(r.err()).contains("apps.crm.sandbox").contains("cannot start the local HubSpot sandbox on "
                    + sandboxDir).contains("baseUrl");
        } finally {
            other.destroy();
            other.waitFor();
        }
    }

    @Test
    void validate_sandboxNamesAFileOrNothing_isAnErrorOnTheSandboxLine() throws Exception {
        Path file = java.nio.file.Files.writeString(dir.resolve("afile"), "x");
        String yaml = fx.yaml();
        int from = yaml.indexOf("  crm:\n");
        int to = yaml.indexOf("  shop:\n");
        String rest = yaml.substring(to).replace("- {crm: seats, shop: seats}", "");
        for (String value : new String[] {file.toString(), ""}) {
            fx.writeConfig(yaml.substring(0, from) + "  crm:\n    type: hubspot\n    sandbox: " + value + "\n"
                    + "    objects: [contacts]\n" + rest);

            Result r = fx.cli("validate");

            assertThat(r.code()).as(r.all()).isEqualTo(2);
            assertThat(r.err()).contains("apps.crm.sandbox").doesNotContain("token")
                    .contains(value.isEmpty() ? "sandbox must name a folder" : "is a file, not a folder");
        }
    }

    @Test
    void sandboxCommand_portOutOfRangeOrDataAFile_isAUsageErrorCreatingNothing() throws Exception {
        Path file = java.nio.file.Files.writeString(dir.resolve("afile"), "x");

        Result port = CliFixture.run("sandbox", "--port", "99999", "--data", dir.resolve("new").toString());
        Result data = CliFixture.run("sandbox", "--port", "0", "--data", file.toString());

        assertThat(port.code()).isEqualTo(2);
        assertThat(port.err()).contains("--port must be between 0 and 65535");
        assertThat(dir.resolve("new")).doesNotExist();
        assertThat(data.code()).isEqualTo(2);
        assertThat(data.err()).contains("--data " + file + " is a file, not a folder");
    }

    @Test
    void validate_baseUrlWhereNothingListens_exit3SaysConnectionRefusedAndAsksForTheSandbox() throws Exception {
        int closedPort;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        String yaml = fx.yaml();
        int from = yaml.indexOf("  crm:\n");
        int to = yaml.indexOf("  shop:\n");
        fx.writeConfig(yaml.substring(0, from) + "  crm:\n    type: hubspot\n    baseUrl: http://127.0.0.1:"
                + closedPort + "\n    token: sandbox-token\n    objects: [contacts]\n"
                + yaml.substring(to).replace("- {crm: seats, shop: seats}", ""));

        Result r = fx.cli("validate");

        assertThat(r.code()).as(r.all()).isEqualTo(3);
        assertThat(r.err()).startsWith("error: HubSpot unreachable at http://127.0.0.1:" + closedPort)
                .contains("connection refused").contains("is `crmsync sandbox` running on that port?")
                .contains("hint: check that the app is up and reachable").doesNotContain("REMOTE_ERROR")
                .doesNotContain("retries automatically");
    }

    @Test
    void validate_wrongTokenForARunningSandbox_exit3NamesTheAppAndNeverTheToken() {
        try (SandboxServer running = SandboxServer.start(0, dir.resolve("running"))) {
            String yaml = fx.yaml();
            int from = yaml.indexOf("  crm:\n");
            int to = yaml.indexOf("  shop:\n");
            fx.writeConfig(yaml.substring(0, from) + "  crm:\n    type: hubspot\n    baseUrl: http://127.0.0.1:"
                    + running.port() + "\n    token: pat-wrong-secret-77\n    objects: [contacts]\n"
                    + yaml.substring(to).replace("- {crm: seats, shop: seats}", ""));

            Result r = fx.cli("validate");

            assertThat(r.code()).as(r.all()).isEqualTo(3);
            assertThat(r.err()).startsWith("error: app crm: HubSpot refused the token")
                    .contains("hint: Check the app's credentials").doesNotContain("pat-wrong-secret-77");
        }
    }
}
