package io.crmsync.engine.run;

import io.crmsync.engine.state.StateException;

/**
 * Another run of the same object sync held the run lease for longer than the run was willing to wait
 * ({@link RunOptions#leaseWaitMs()}), or took it over from a run that stalled past the lease lifetime. The message
 * names the object sync and the holder.
 */
public final class ObjectSyncBusyException extends StateException {
    public ObjectSyncBusyException(String message) {
        super(message, null);
    }
}
