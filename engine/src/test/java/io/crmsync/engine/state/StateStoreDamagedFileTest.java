package io.crmsync.engine.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.crmsync.engine.model.Base;
import io.crmsync.engine.model.RecordState;
import io.crmsync.engine.model.Side;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A state file H2 cannot read back is reported with how to recover, not only with H2's own words. */
class StateStoreDamagedFileTest {
    private static final String HINT = "the H2 state file is damaged or is not an H2 database";

    @TempDir
    Path dir;

    @Test
    void stateFileOverwrittenWithOtherBytes_open_namesTheUrlAndSaysToRestoreACopy() throws Exception {
        byte[] junk = new byte[8192];
        Arrays.fill(junk, (byte) 'x');
        Files.write(dir.resolve("state.mv.db"), junk);

        assertThatThrownBy(() -> StateStore.open(url(), null, null))
                .isInstanceOf(StateException.class)
                .hasMessageContaining("cannot open the state store at " + url())
                .hasMessageContaining(HINT)
                .hasMessageContaining("restore the .mv.db file from a copy");
    }

    @Test
    void stateFileCutShort_openOrFirstRead_saysTheFileIsDamaged() throws Exception {
        try (StateStore store = StateStore.open(url(), null, null)) {
            long os = store.objectSyncId("a-b", "contacts", "contacts", "contacts");
            for (int i = 0; i < 5; i++) {
                store.links().commit(os, null, links("c" + i + "-", 2_000), List.of());
            }
        }
        Path file = dir.resolve("state.mv.db");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(raf.length() / 2);
        }

        Throwable thrown = catchThrowable(() -> {
            try (StateStore store = StateStore.open(url(), null, null)) {
                long os = store.findObjectSyncId("a-b", "contacts").orElseThrow();
                store.links().all(os).get(Side.A);
            }
        });

        assertThat(thrown).as("half of the file is gone").isInstanceOf(StateException.class);
        assertThat(thrown.getMessage()).contains(HINT);
    }

    @Test
    void healthyStore_failureForAnotherReason_carriesNoDamageHint() {
        assertThat(StateStore.damagedHint(new java.sql.SQLException("Table \"LINKS\" not found", "42S02", 42102)))
                .isEmpty();
    }

    private String url() {
        return "jdbc:h2:file:" + dir.resolve("state").toAbsolutePath();
    }

    private static List<LinkWrite> links(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> new LinkWrite(null, List.of(), prefix + "a" + i, prefix + "b" + i,
                Base.EMPTY, RecordState.SYNCING, null, null, 0, null, null, null)).toList();
    }
}
