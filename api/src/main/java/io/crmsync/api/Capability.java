package io.crmsync.api;

/**
 * What a connector can do, reported in {@link ConnectorInfo} so that the engine can choose how to use it.
 *
 * @since 0.1
 */
public enum Capability {
    /** {@link Connector#readChanges} returns only what changed since a checkpoint. */
    INCREMENTAL_CHANGES,
    /** The change feed reports deleted records. */
    DELETES_IN_CHANGE_FEED,
    /** Several records can be written in one call. */
    BATCH_WRITE,
    /** Creates can be keyed by an identifier so that a repeated create updates instead. */
    UPSERT,
    /** The app pushes change notifications (webhooks, database notifications). */
    PUSH_NOTIFICATIONS,
    /** The connector reads and writes associations between records. */
    ASSOCIATIONS
}
