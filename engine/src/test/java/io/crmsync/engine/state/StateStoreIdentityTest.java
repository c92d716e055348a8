package io.crmsync.engine.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.engine.model.Base;
import io.crmsync.engine.model.RecordState;
import io.crmsync.engine.model.Side;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Identity values of an H2 state file: handed out from a large cache, still increasing across reopening. */
class StateStoreIdentityTest {
    @TempDir
    Path dir;

    @Test
    void h2File_linkAndAuditIds_cachedTenThousandAtATime() throws Exception {
        try (StateStore store = StateStore.open("jdbc:h2:file:" + dir.resolve("state"), "sa", "");
             Connection c = store.connection();
             PreparedStatement ps = c.prepareStatement("SELECT TABLE_NAME, IDENTITY_CACHE FROM"
                     + " INFORMATION_SCHEMA.COLUMNS WHERE COLUMN_NAME = 'ID' AND TABLE_NAME IN ('LINKS', 'AUDIT')"
                     + " ORDER BY TABLE_NAME");
             ResultSet rs = ps.executeQuery()) {
            List<String> caches = new ArrayList<>();
            while (rs.next()) {
                caches.add(rs.getString(1) + "=" + rs.getLong(2));
            }
            assertThat(caches).containsExactly("AUDIT=10000", "LINKS=10000");
        }
    }

    @Test
    void h2File_reopenedAfterCommits_newLinkIdsAboveEarlierOnes() {
        String url = "jdbc:h2:file:" + dir.resolve("state");
        List<Long> first;
        long os;
        try (StateStore store = StateStore.open(url, "sa", "")) {
            os = store.objectSyncId("a-b", "contacts", "contacts", "contacts");
            long run = store.runs().start(os, true);
            first = store.links().commit(os, run, links(0, 50), List.of(new AuditEntry("b", "contacts", "b0",
                    "CREATE", Map.of("email", new String[] {null, "ann@example.com"}))));
        }
        try (StateStore again = StateStore.open(url, "sa", "")) {
            List<Long> second = again.links().commit(os, null, links(50, 50), List.of());
            assertThat(first).isSorted().doesNotHaveDuplicates();
            assertThat(second).isSorted().doesNotHaveDuplicates();
            assertThat(second.get(0)).isGreaterThan(first.get(first.size() - 1));
            assertThat(again.links().find(os, Map.of(Side.A, List.of("a0", "a99"))).get(Side.A))
                    .containsOnlyKeys("a0", "a99");
        }
    }

    private static List<LinkWrite> links(int from, int count) {
        List<LinkWrite> out = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            out.add(new LinkWrite(null, List.of(), "a" + i, "b" + i, new Base(Map.of("email", "x" + i), Map.of()),
                    RecordState.SYNCING, null, null, 0, null, null, null));
        }
        return out;
    }
}
