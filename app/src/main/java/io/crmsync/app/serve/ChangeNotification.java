package io.crmsync.app.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crmsync.connector.jdbc.PgChangeTrigger;
import java.io.IOException;

/**
 * One PostgreSQL change notification, as sent by the JDBC connector's change trigger ({@code changeTrigger: true},
 * {@link PgChangeTrigger}): {@code pg_notify('crmsync_changes', json_build_object('table', <table as configured>,
 * 'id', <id as text>, 'op', TG_OP)::text)} on every insert, update and delete.
 *
 * @param table the table, as the app's {@code objects.<type>.table} names it
 * @param id    the row's id, as text
 * @param op    {@code INSERT}, {@code UPDATE} or {@code DELETE}
 */
record ChangeNotification(String table, String id, String op) {
    /** The channel crmsync listens on. */
    static final String CHANNEL = PgChangeTrigger.CHANNEL;
    private static final String TABLE = PgChangeTrigger.PAYLOAD_TABLE;
    private static final String ID = PgChangeTrigger.PAYLOAD_ID;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Parses a payload.
     *
     * @throws IllegalArgumentException naming what is wrong when the payload is not such an object
     */
    static ChangeNotification parse(String payload) {
        JsonNode n;
        try {
            n = JSON.readTree(payload == null ? "" : payload);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + abbreviate(payload));
        }
        if (n == null || !n.isObject() || !n.path(TABLE).isTextual() || n.path(TABLE).asText().isEmpty()
                || n.path(ID).isMissingNode() || n.path(ID).isNull()) {
            throw new IllegalArgumentException("expected {\"table\": ..., \"id\": ..., \"op\": ...}, got "
                    + abbreviate(payload));
        }
        return new ChangeNotification(n.get(TABLE).asText(), n.get(ID).asText(), n.path(PgChangeTrigger.PAYLOAD_OP).asText(""));
    }

    private static String abbreviate(String text) {
        return text == null ? "nothing" : text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
