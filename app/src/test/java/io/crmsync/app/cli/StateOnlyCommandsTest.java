package io.crmsync.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.app.cli.CliFixture.Result;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code status} and {@code records} report the state store, so they work while an app is down. */
class StateOnlyCommandsTest {
    @TempDir
    Path dir;

    CliFixture fx;

    @BeforeEach
    void setUp() {
        fx = new CliFixture(dir);
        assertThat(fx.cli("run").code()).isZero();
        fx.writeConfig(fx.yaml().replace("url: jdbc:sqlite:" + ConfigErrorsTest.path(fx.shopDb),
                "url: jdbc:postgresql://127.0.0.1:1/shop\n    user: crmsync\n    password: sh0pPW!"));
    }

    @Test
    void statusWorksWhileAnAppIsUnreachable() {
        Result r = fx.cli("status");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("crm-shop/contacts: crm contacts ↔ shop contacts")
                .contains("syncing          3").contains("NO_IDENTIFIER            1");
        assertThat(r.all()).doesNotContain("sh0pPW!");
    }

    @Test
    void statusJsonWorksWhileAnAppIsUnreachable() {
        Result r = fx.cli("status", "--json", "--sync", "crm-shop", "--object", "contacts");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"syncing\" : 3").contains("\"writes\" : 3");
    }

    @Test
    void recordsWorkWhileAnAppIsUnreachable() {
        Result r = fx.cli("records", "--state", "syncing");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("crm-shop/contacts: 3 records\n");
    }

    @Test
    void runStillNeedsTheApps() {
        assertThat(fx.cli("run").code()).isEqualTo(3);
    }
}
