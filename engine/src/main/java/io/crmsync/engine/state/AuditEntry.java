package io.crmsync.engine.state;

import java.util.Map;

/**
 * One record written, for the audit log.
 *
 * @param app        app written to
 * @param objectType object type written to
 * @param recordId   the record's id (the new id for a create)
 * @param operation  CREATE, UPDATE or DELETE
 * @param changes    property → {old, new} native values
 */
public record AuditEntry(String app, String objectType, String recordId, String operation,
                         Map<String, String[]> changes) {
}
