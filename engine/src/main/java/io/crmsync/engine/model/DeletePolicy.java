package io.crmsync.engine.model;

/** What happens to the partner when a linked record is deleted in one app (DESIGN.md §2.5). */
public enum DeletePolicy {
    /** The partner is left alone and the link becomes FAILED(RECORD_DELETED). The default. */
    KEEP,
    /** The partner is archived too. */
    PROPAGATE
}
