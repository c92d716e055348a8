package io.crmsync.engine.run;

import io.crmsync.api.Connector;
import io.crmsync.api.ConnectorException;
import io.crmsync.api.Failure;
import io.crmsync.api.WriteOperation;
import io.crmsync.api.WriteResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Sends writes to one app in batches of its size and retries transient failures (whole calls and single
 * records) with capped, jittered exponential backoff that honours the app's Retry-After (DESIGN.md §2.4).
 * Records still failing after the last try are returned failed; the caller carries them to the next run.
 */
final class WriteClient {
    private final Connector connector;
    private final String objectType;
    private final RunOptions options;
    private int calls;

    WriteClient(Connector connector, String objectType, RunOptions options) {
        this.connector = connector;
        this.objectType = objectType;
        this.options = options;
    }

    /** Number of write calls made so far. */
    int calls() {
        return calls;
    }

    /** Writes the operations and returns one result per operation, keyed by ref. */
    Map<String, WriteResult> write(List<WriteOperation> operations) {
        Map<String, WriteResult> out = new HashMap<>();
        int batch = Math.max(1, connector.info().maxBatchSize());
        for (int i = 0; i < operations.size(); i += batch) {
            writeBatch(operations.subList(i, Math.min(operations.size(), i + batch)), out);
        }
        return out;
    }

    private void writeBatch(List<WriteOperation> batch, Map<String, WriteResult> out) {
        List<WriteOperation> pending = batch;
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            List<WriteResult> results;
            Long retryAfter = null;
            try {
                calls++;
                results = connector.write(objectType, pending);
            } catch (ConnectorException e) {
                if (!e.isTransient() || attempt >= options.maxAttempts()) {
                    if (!e.isTransient()) {
                        throw e;
                    }
                    for (WriteOperation op : pending) {
                        out.put(op.ref(), WriteResult.failed(op.ref(), op.id(),
                                new Failure(e.category(), e.getMessage(), null, e.retryAfterMs())));
                    }
                    return;
                }
                sleep(attempt, e.retryAfterMs());
                continue;
            }
            List<WriteOperation> again = new ArrayList<>();
            Map<String, WriteOperation> byRef = new HashMap<>();
            pending.forEach(op -> byRef.put(op.ref(), op));
            for (WriteResult r : results) {
                if (!r.succeeded() && r.failure().isTransient() && attempt < options.maxAttempts()) {
                    again.add(byRef.get(r.ref()));
                    if (r.failure().retryAfterMs() != null) {
                        retryAfter = Math.max(retryAfter == null ? 0 : retryAfter, r.failure().retryAfterMs());
                    }
                } else {
                    out.put(r.ref(), r);
                }
            }
            for (WriteOperation op : pending) {
                if (!out.containsKey(op.ref()) && !again.contains(op)) {
                    out.put(op.ref(), WriteResult.failed(op.ref(), op.id(), Failure.of(
                            io.crmsync.api.FailureCategory.UNKNOWN, "the app returned no result for this record")));
                }
            }
            if (!again.isEmpty()) {
                sleep(attempt, retryAfter);
            }
            pending = again;
        }
    }

    private void sleep(int attempt, Long retryAfterMs) {
        long backoff = Math.min(options.backoffMaxMs(), options.backoffBaseMs() << Math.min(attempt - 1, 20));
        long jittered = backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1);
        long wait = retryAfterMs == null ? jittered : Math.min(options.backoffMaxMs(), Math.max(jittered, retryAfterMs));
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectorException(io.crmsync.api.FailureCategory.REMOTE_ERROR, "interrupted while waiting to retry");
        }
    }
}
