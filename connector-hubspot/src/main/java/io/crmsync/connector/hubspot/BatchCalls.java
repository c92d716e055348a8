package io.crmsync.connector.hubspot;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Makes the batch calls of one step of a write (the create batches, the associate batches, …) with up to
 * {@value #IN_FLIGHT} of them in flight, so that a write waits for HubSpot's answers side by side rather than one
 * after the other. HubSpot limits requests per 10 s, not calls in flight, and its official Node client keeps up
 * to 6 in flight (hubspot.md §B.9); the account's {@link AccountRateLimiter} paces every call as before. Steps
 * that depend on each other (records, then their associations) stay in order: each call of {@link #each}
 * returns once all its calls are over.
 */
final class BatchCalls {
    /** Calls in flight per step of a write: the caller's thread and one more. */
    static final int IN_FLIGHT = 2;
    private static final ExecutorService CALLERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "crmsync-hubspot-call");
        t.setDaemon(true);
        return t;
    });

    private BatchCalls() {
    }

    /**
     * Runs {@code call} for every item, up to {@value #IN_FLIGHT} at a time, the caller's thread taking part;
     * returns when all are over. {@code call} must be safe to run on two threads at once (each item its own
     * records). When a call throws, no further item is started, and the first exception is rethrown once the
     * calls in flight are over (later ones suppressed in it).
     */
    static <T> void each(List<T> items, Consumer<T> call) {
        if (items.size() < 2) {
            items.forEach(call);
            return;
        }
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            for (int i = next.getAndIncrement(); i < items.size(); i = next.getAndIncrement()) {
                try {
                    call.accept(items.get(i));
                } catch (RuntimeException | Error e) {
                    next.set(items.size());
                    throw e;
                }
            }
        };
        List<CompletableFuture<Void>> others = new ArrayList<>();
        for (int k = 1; k < Math.min(IN_FLIGHT, items.size()); k++) {
            others.add(CompletableFuture.runAsync(worker, CALLERS));
        }
        Throwable failure = null;
        try {
            worker.run();
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        for (CompletableFuture<Void> other : others) {
            try {
                other.join();
            } catch (CompletionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                if (failure == null) {
                    failure = cause;
                } else if (failure != cause) {
                    failure.addSuppressed(cause);
                }
            }
        }
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        if (failure instanceof Error err) {
            throw err;
        }
    }
}
