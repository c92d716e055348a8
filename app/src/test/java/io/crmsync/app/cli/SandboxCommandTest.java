package io.crmsync.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code crmsync sandbox} serves HubSpot's CRM API until it is stopped. */
class SandboxCommandTest {
    @TempDir
    Path dir;

    @Test
    void sandbox_anyFreePort_servesTheApiWithTheToken_untilStopped() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        AtomicInteger code = new AtomicInteger(-1);
        Thread cli = new Thread(() -> code.set(Main.run(new String[] {"sandbox", "--port", "0", "--data",
                dir.resolve("data").toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of())));
        cli.start();
        Matcher listening = Pattern.compile("listening on (http://\\S+) \\(token: (\\S+),").matcher("");
        for (int i = 0; i < 200 && !listening.reset(out.toString(StandardCharsets.UTF_8)).find(); i++) {
            Thread.sleep(50);
        }
        assertThat(listening.reset(out.toString(StandardCharsets.UTF_8)).find()).as(err.toString()).isTrue();
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(listening.group(1) + "/crm/v3/objects/contacts"))
                .header("Authorization", "Bearer " + listening.group(2))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"properties\":{\"email\":\"sam@example.com\"}}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.body()).contains("sam@example.com");
        cli.interrupt();
        cli.join(10_000);
        assertThat(code.get()).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(0);
    }
}
