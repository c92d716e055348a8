package io.crmsync.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.app.cli.CliFixture.Result;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code crmsync quickstart}: generate, sync, then a second call that writes nothing. */
class QuickstartCommandTest {
    @TempDir
    Path dir;

    @Test
    void theFirstCallSyncsAndTheSecondMakesZeroWrites() {
        Path qs = dir.resolve("quickstart");

        Result first = CliFixture.run("quickstart", "--dir", qs.toString());

        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).contains("wrote ").contains("crm-shop/companies: initial sync")
                .contains("crm-shop/contacts: initial sync").contains("status:")
                .contains("expected from the generated data").contains("linked by match (pairs)");

        Result second = CliFixture.run("quickstart", "--dir", qs.toString());

        assertThat(second.code()).as(second.err()).isZero();
        assertThat(second.out()).contains("using the quickstart in").doesNotContain("expected from");
        assertThat(second.out().lines().filter(l -> l.startsWith("  writes")).toList())
                .hasSize(2).allSatisfy(l -> assertThat(l).endsWith(" 0"));
    }

    @Test
    void resetStartsOverWithAnInitialSync() {
        Path qs = dir.resolve("quickstart");
        assertThat(CliFixture.run("quickstart", "--dir", qs.toString()).code()).isZero();

        Result again = CliFixture.run("quickstart", "--dir", qs.toString(), "--reset");

        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.out()).contains("deleted the quickstart files").contains("initial sync")
                .contains("expected from the generated data");
    }
}
