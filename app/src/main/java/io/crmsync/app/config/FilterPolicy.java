package io.crmsync.app.config;

/** Whether an object sync's filters gate only a record's entry or keep applying once it is linked (DESIGN.md §2.3). */
public enum FilterPolicy {
    /** Filters gate entry only; a linked record keeps syncing even when it no longer matches. The default. */
    ENTRY,
    /** A linked record that no longer matches becomes {@code EXCLUDED(FILTER)}. */
    CONTINUOUS
}
