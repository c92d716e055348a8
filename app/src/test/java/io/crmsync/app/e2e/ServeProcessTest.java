package io.crmsync.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.app.bind.Workspace;
import io.crmsync.engine.model.Side;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code crmsync serve} as its own process: it serves {@code /health} once started and, on SIGTERM, finishes,
 * stores its checkpoints and exits with 0.
 */
class ServeProcessTest extends ServeTestBase {
    @Test
    @Timeout(300)
    void sigterm_stopsGracefullyWithExitCode0() throws Exception {
        insertCustomers(5);
        writeServeConfig();
        Path out = dir.resolve("serve.out");
        Path err = dir.resolve("serve.err");
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", cp, "io.crmsync.app.cli.Main", "serve", "--config", config.toString(), "--port", "0")
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(ENV);
        Process p = pb.start();
        try {
            Pattern listening = Pattern.compile("listening on port (\\d+)");
            int[] port = {0};
            await("serve printed its port", () -> {
                Matcher m = listening.matcher(read(out));
                if (m.find()) {
                    port[0] = Integer.parseInt(m.group(1));
                }
                return port[0] > 0 || !p.isAlive();
            });
            assertThat(p.isAlive()).as("serve is running; stderr: " + read(err)).isTrue();
            await("the start-up run ended", () -> health(port[0]).contains("\"runs\":1"));

            p.destroy(); // SIGTERM
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("exit code; stderr: " + read(err)).isZero();
            assertThat(read(err)).contains("stopping").contains("stopped");
        } finally {
            p.destroyForcibly();
        }
        try (Workspace w = Workspace.openStateOnly(config, ENV)) {
            long os = w.store().objectSyncId("shop-hubspot", "contacts", "customers", "contacts");
            assertThat(w.store().checkpoint(os, Side.A)).isPresent();
            assertThat(w.store().checkpoint(os, Side.B)).isPresent();
        }
        assertThat(io.crmsync.sandbox.SandboxSeed.records(sandbox, "contacts")).hasSize(5);
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private static String health(int port) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return "";
        }
    }

}
