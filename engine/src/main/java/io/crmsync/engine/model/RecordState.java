package io.crmsync.engine.model;

/** The state of a record in an object sync (DESIGN.md §1 "record state"). */
public enum RecordState {
    SYNCING, FAILED, EXCLUDED,
    /** A create was sent (or is about to be) and its result is not committed yet; resolved at the next run. */
    PENDING
}
