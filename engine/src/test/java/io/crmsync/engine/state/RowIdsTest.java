package io.crmsync.engine.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.engine.model.Base;
import io.crmsync.engine.model.RecordState;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * New links and audit rows of an H2 store are numbered from blocks reserved in {@code row_ids}, not by H2's
 * identity columns: consecutive within a commit, distinct across stores sharing the file, and after the rows of a
 * store written before the table existed.
 */
class RowIdsTest {
    @TempDir
    Path dir;

    @Test
    void h2Store_newLinksAndAudit_numberedFromAReservedBlock() throws Exception {
        String url = url("state");
        try (StateStore store = StateStore.open(url, null, null)) {
            long os = store.objectSyncId("a-b", "contacts", "contacts", "contacts");
            long run = store.runs().start(os, true);

            List<Long> first = store.links().commit(os, run, links("x", 3), audit(3));
            List<Long> second = store.links().commit(os, run, links("y", 2), audit(2));

            assertThat(first).containsExactly(1L, 2L, 3L);
            assertThat(second).containsExactly(4L, 5L);
            assertThat(store.runs().audit(run)).hasSize(5);
        }
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            assertThat(nextIds(st)).as("one block reserved per table, not a visit per commit")
                    .containsEntry("links", 1L + RowIds.BLOCK).containsEntry("audit", 1L + RowIds.BLOCK);
            try (ResultSet rs = st.executeQuery("SELECT MIN(id), MAX(id) FROM audit")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(1);
                assertThat(rs.getLong(2)).isEqualTo(5);
            }
        }
    }

    @Test
    void twoStoresOnOneFile_commitInTurn_eachNumbersFromItsOwnBlock_noIdTwice() {
        String url = url("shared");
        try (StateStore one = StateStore.open(url, null, null); StateStore two = StateStore.open(url, null, null)) {
            long os = one.objectSyncId("a-b", "contacts", "contacts", "contacts");
            long run = one.runs().start(os, true);
            Set<Long> ids = new HashSet<>();
            for (int i = 0; i < 4; i++) {
                StateStore store = i % 2 == 0 ? one : two;
                List<Long> got = store.links().commit(os, run, links("r" + i + "-", 50), audit(50));
                assertThat(ids).as("commit %d", i).doesNotContainAnyElementsOf(got);
                ids.addAll(got);
            }

            assertThat(ids).hasSize(200);
            assertThat(one.links().all(os).get(io.crmsync.engine.model.Side.A)).hasSize(200);
            assertThat(one.runs().audit(run)).hasSize(200);
        }
    }

    @Test
    void blockUsedUp_nextOneReserved_idsKeepRising() {
        try (StateStore store = StateStore.open(url("big"), null, null)) {
            long os = store.objectSyncId("a-b", "contacts", "contacts", "contacts");
            List<Long> all = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                all.addAll(store.links().commit(os, null, links("c" + i + "-", RowIds.BLOCK / 2 + 1), List.of()));
            }

            assertThat(all).doesNotHaveDuplicates().isSorted();
            assertThat(all.get(all.size() - 1)).as("the rest of a block too small for a commit is skipped")
                    .isGreaterThan(RowIds.BLOCK);
        }
    }

    @Test
    void storeOfVersion4WithLinks_migrated_newLinksNumberedAfterTheOldOnes() throws Exception {
        String url = url("old");
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration").target("4").load()
                .migrate();
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute("INSERT INTO object_syncs (sync_name, object_name, type_a, type_b, enabled, created_at)"
                    + " VALUES ('a-b', 'contacts', 'contacts', 'contacts', TRUE, CURRENT_TIMESTAMP)");
            for (int i = 0; i < 40; i++) {
                st.execute("INSERT INTO links (object_sync_id, id_a, id_b, state, attempts, created_at, updated_at)"
                        + " SELECT id, 'old-a" + i + "', 'old-b" + i + "', 'SYNCING', 0, CURRENT_TIMESTAMP,"
                        + " CURRENT_TIMESTAMP FROM object_syncs");
            }
        }

        try (StateStore store = StateStore.open(url, null, null)) {
            long os = store.findObjectSyncId("a-b", "contacts").orElseThrow();
            List<Long> ids = store.links().commit(os, null, links("new", 3), List.of());

            assertThat(ids).containsExactly(41L, 42L, 43L);
            assertThat(store.links().all(os).get(io.crmsync.engine.model.Side.A)).hasSize(43);
        }
    }

    private String url(String name) {
        return "jdbc:h2:file:" + dir.resolve(name).toAbsolutePath();
    }

    private static List<LinkWrite> links(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> new LinkWrite(null, List.of(), prefix + "a" + i, prefix + "b" + i,
                Base.EMPTY, RecordState.SYNCING, null, null, 0, null, null, null)).toList();
    }

    private static List<AuditEntry> audit(int n) {
        return IntStream.range(0, n).mapToObj(i -> new AuditEntry("a", "contacts", "r" + i, "CREATE",
                Map.of("email", new String[] {null, "p" + i + "@example.com"}))).toList();
    }

    private static Map<String, Long> nextIds(Statement st) throws Exception {
        Map<String, Long> out = new java.util.HashMap<>();
        try (ResultSet rs = st.executeQuery("SELECT table_name, next_id FROM row_ids")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        }
        return out;
    }
}
