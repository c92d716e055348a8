package io.crmsync.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.app.cli.CliFixture.Result;
import io.crmsync.engine.state.StateStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code crmsync run --wait SECONDS} while another process holds the object sync's run lease in the state store. */
class RunWaitTest {
    private static final String OTHER = "db-worker-2/4242/1700000000000/abcd1234";
    @TempDir
    Path dir;

    @Test
    void run_whileAnotherProcessRunsTheObjectSync_waitsThenExits3NamingObjectSyncAndHolder() {
        CliFixture fx = new CliFixture(dir);
        String url = "jdbc:h2:file:" + dir.resolve("state").toAbsolutePath();
        try (StateStore store = StateStore.open(url, null, null)) {
            long os = store.objectSyncId("crm-shop", "contacts", "contacts", "contacts");
            assertThat(store.leases().tryAcquire(os, OTHER, 600_000, null)).isEmpty();
        }
        var shopBefore = CliFixture.rows(fx.shopDb, "contacts");

        Result r = fx.cli("run", "--wait", "1");

        assertThat(r.code()).as(r.all()).isEqualTo(3);
        assertThat(r.err()).contains("object sync crm-shop/contacts is already being run by process 4242 on host "
                + "db-worker-2").contains("waited 1.0 s").contains("--wait");
        assertThat(CliFixture.rows(fx.shopDb, "contacts")).as("nothing written").isEqualTo(shopBefore);
        // plan takes no lease: it still works meanwhile.
        assertThat(fx.cli("plan").code()).isZero();

        try (StateStore store = StateStore.open(url, null, null)) {
            long os = store.objectSyncId("crm-shop", "contacts", "contacts", "contacts");
            store.leases().release(os, OTHER);
        }
        Result after = fx.cli("run", "--wait", "0");
        assertThat(after.code()).as(after.all()).isIn(0, 1);
        assertThat(after.err()).doesNotContain("already being run");
        assertThat(fx.cli("run", "--wait", "-1").code()).isEqualTo(2);
    }
}
