package io.crmsync.engine.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoreSharedFileTest {
    @TempDir
    Path dir;

    @Test
    void h2File_heldOpenByAnotherProcess_opensAndSeesTheOtherProcessWrites() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("state");
        // Another JVM, as `crmsync serve` is while `crmsync disable` runs: within one JVM H2 shares an open
        // database anyway, so only a second process shows whether the file is locked against it.
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), HoldOpen.class.getName(), url)
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.startsWith("open "));
            assertThat(line).as("the other process opened the store").isNotNull();
            long idThere = Long.parseLong(line.substring("open ".length()));

            try (StateStore store = StateStore.open(url, null, null)) {
                assertThat(store.objectSyncId("crm-shop", "contacts", "contacts", "customers"))
                        .isEqualTo(idThere);
            }
        } finally {
            holder.getOutputStream().close();
            holder.waitFor();
        }
    }

    /** Opens the store, creates an object sync, prints its id and keeps the store open until stdin closes. */
    public static final class HoldOpen {
        public static void main(String[] args) throws Exception {
            try (StateStore store = StateStore.open(args[0], null, null)) {
                System.out.println("open " + store.objectSyncId("crm-shop", "contacts", "contacts", "customers"));
                System.out.flush();
                while (System.in.read() >= 0) {
                    // held open until the test closes our stdin
                }
            }
        }
    }
}
