package io.crmsync.engine.run;

/** Receives progress of a run, for progress bars. Called from the run's thread. */
public interface ProgressListener {
    ProgressListener NONE = (objectSync, phase, done, total) -> { };

    /**
     * @param objectSync "sync/object"
     * @param phase      "read A", "read B", "write", ...
     * @param done       records done in this phase
     * @param total      records in this phase, or -1 when unknown
     */
    void progress(String objectSync, String phase, long done, long total);
}
