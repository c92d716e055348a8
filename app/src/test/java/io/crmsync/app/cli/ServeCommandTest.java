package io.crmsync.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.app.cli.CliFixture.Result;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code crmsync serve}'s usage errors: each is exit code 2 with a message naming the option, before serving. */
class ServeCommandTest {
    @TempDir
    Path dir;

    @Test
    void badPollInterval_exit2NamingTheOption() {
        Result r = new CliFixture(dir).cli("serve", "--poll-interval", "soon");

        assertThat(r.code()).as(r.all()).isEqualTo(2);
        assertThat(r.err()).contains("--poll-interval must be a duration such as 60s").contains("\"soon\"");
    }

    @Test
    void badReconcileInterval_exit2NamingTheOption() {
        Result r = new CliFixture(dir).cli("serve", "--reconcile-interval", "hourly");

        assertThat(r.code()).as(r.all()).isEqualTo(2);
        assertThat(r.err()).contains("--reconcile-interval must be a duration such as 1h").contains("\"hourly\"");
    }

    @Test
    void portOutOfRange_exit2() {
        Result r = new CliFixture(dir).cli("serve", "--port", "70000");

        assertThat(r.code()).as(r.all()).isEqualTo(2);
        assertThat(r.err()).contains("--port must be 0 to 65535, got 70000");
    }

    @Test
    void portInUse_exit2NamingThePort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            Result r = new CliFixture(dir).cli("serve", "--port", Integer.toString(taken.getLocalPort()));

            assertThat(r.code()).as(r.all()).isEqualTo(2);
            assertThat(r.err()).contains("cannot listen on port " + taken.getLocalPort())
                    .contains("choose another with --port N or serve.port in");
        }
    }
}
