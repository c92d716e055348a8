package io.crmsync.engine.run;

import io.crmsync.engine.state.StateStore;
import java.util.Optional;

/**
 * Deletes an object sync's state (DESIGN.md §2.7 "deleted: its links and state go; the apps' records stay"):
 * waits for a run of it to finish by taking its run lease, then removes its links, checkpoints, runs and audit
 * rows in one transaction ({@link StateStore#deleteObjectSync}). No app is called. Thread-safe.
 */
public final class ObjectSyncDeletion {
    private ObjectSyncDeletion() {
    }

    /**
     * Deletes the state of one object sync.
     *
     * @param options only {@link RunOptions#leaseWaitMs()} and {@link RunOptions#leaseTtlMs()} are used
     * @return the rows removed, or empty when the state store holds nothing for it (it never ran)
     * @throws ObjectSyncBusyException when a run of it held the lease for longer than the lease wait
     * @throws io.crmsync.engine.state.StateException when the state store cannot be written
     */
    public static Optional<StateStore.Removed> delete(StateStore store, String sync, String object,
                                                      RunOptions options) {
        Optional<Long> id = store.findObjectSyncId(sync, object);
        if (id.isEmpty()) {
            return Optional.empty();
        }
        try (RunLease lease = RunLease.acquire(store, id.get(), sync + "/" + object, options)) {
            return store.deleteObjectSync(sync, object);
        }
    }
}
