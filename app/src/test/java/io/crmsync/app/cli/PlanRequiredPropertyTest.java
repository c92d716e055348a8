package io.crmsync.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.sandbox.SandboxServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code crmsync plan} on a SQLite shop deal whose stage the HubSpot sandbox (over HTTP) has no option for: the
 * plan lists it as a REQUIRED_FIELD_MISSING failure naming dealstage, and creates nothing in HubSpot.
 */
class PlanRequiredPropertyTest {
    @TempDir
    Path dir;
    private SandboxServer sandbox;

    @BeforeEach
    void start() {
        sandbox = SandboxServer.start(0, dir.resolve("hubspot"));
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void plan_shopDealWithUnknownStage_listedAsRequiredFieldMissing() throws Exception {
        Path db = dir.resolve("shop.db");
        CliFixture.sql(db, "CREATE TABLE deals (id INTEGER PRIMARY KEY, name TEXT, stage TEXT, pipeline TEXT,"
                        + " updated_at TEXT)",
                "INSERT INTO deals VALUES (1, 'Big', 'No Such Stage', 'default', '2026-01-05T10:00:00.000Z')");
        Path config = dir.resolve("crmsync.yaml");
        Files.writeString(config, """
                state: jdbc:h2:file:%s
                apps:
                  hubspot:
                    type: hubspot
                    token: ${HUBSPOT_TOKEN}
                    baseUrl: http://127.0.0.1:%d
                    objects: [deals]
                  shop:
                    type: jdbc
                    url: "jdbc:sqlite:%s"
                    objects:
                      deals:
                        table: deals
                        id: id
                        updatedAt: updated_at
                        properties:
                          dealname: {column: name, type: string}
                          dealstage: {column: stage, type: enumeration}
                          pipeline: {column: pipeline, type: enumeration}
                syncs:
                  shop-hubspot:
                    apps: [shop, hubspot]
                    objects:
                      deals:
                        types: {shop: deals, hubspot: deals}
                        direction: "shop -> hubspot"
                        defaultApp: shop
                """.formatted(dir.resolve("state"), sandbox.port(), db));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            Main.run(new String[] {"plan", "--config", config.toString()}, o, e,
                    Map.of("HUBSPOT_TOKEN", SandboxServer.DEFAULT_TOKEN));
        }
        String printed = out.toString(StandardCharsets.UTF_8);

        assertThat(printed).as(printed + err).contains("REQUIRED_FIELD_MISSING").contains("dealstage")
                .contains("No Such Stage");
    }
}
