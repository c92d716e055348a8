package io.crmsync.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RestartTest extends SandboxTestBase {

    @Test
    void restart_sameDataDir_keepsRecordsArchiveStateAndIdSequence() {
        String ada = createContact("ada@example.com");
        String gone = createContact("gone@example.com");
        call("DELETE", "/crm/v3/objects/contacts/" + gone, null);
        server.stop();
        server = SandboxServer.start(0, dataDir, options());

        Response r = get("/crm/v3/objects/contacts/" + ada);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().at("/properties/email").asText()).isEqualTo("ada@example.com");
        assertThat(r.json().get("createdAt").asText()).isEqualTo("2026-01-15T10:00:00.123Z");
        assertThat(get("/crm/v3/objects/contacts/" + gone).status()).isEqualTo(404);
        assertThat(post("/crm/v3/objects/contacts", "{\"properties\":{\"email\":\"ada@example.com\"}}").status())
                .isEqualTo(409);
        assertThat(Long.parseLong(createContact("new@example.com"))).isGreaterThan(Long.parseLong(gone));
    }

    @Test
    void dataFileOverwrittenWithOtherBytes_start_saysItIsDamagedAndHowToGoOn() throws Exception {
        server.stop();
        byte[] junk = new byte[8192];
        java.util.Arrays.fill(junk, (byte) 'x');
        java.nio.file.Files.write(dataDir.resolve("sandbox.mv.db"), junk);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> server = SandboxServer.start(0, dataDir, options()))
                .hasStackTraceContaining("cannot open sandbox store in " + dataDir)
                .hasStackTraceContaining("sandbox.mv.db is damaged or is not an H2 database: restore the folder"
                        + " from a copy, or give --data a new folder");
        server = SandboxServer.start(0, dataDir.resolve("fresh"), options()); // for the common stop after each test
    }
}
