package io.crmsync.engine.run;

import io.crmsync.api.Connector;
import io.crmsync.api.ConnectorException;
import io.crmsync.api.Failure;
import io.crmsync.api.FailureCategory;
import io.crmsync.api.WriteOperation;
import io.crmsync.api.WriteResult;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends writes to one app in batches of its size and retries transient failures (whole calls and single
 * records) with capped, jittered exponential backoff that honours the app's Retry-After (DESIGN.md §2.4).
 * Records still failing after the last try are returned failed; the caller carries them to the next run.
 *
 * <p><b>Pause:</b> a {@code RATE_LIMITED} failure whose Retry-After is longer than {@code backoffMaxMs} (a daily
 * quota used up) is not retried in this run: from then on this client sends nothing and fails every remaining
 * record with that failure (and its retryAfterMs), so a used-up quota costs one call per run, not one per record.
 * A {@code PERMISSION} refusal of a write call fails that call's records (another endpoint may still be allowed);
 * other non-transient call failures ({@code AUTHENTICATION}, ...) are thrown. Not thread-safe; one per side and run.
 *
 * <p><b>Creates made but failed:</b> a failed create whose result names an id was made by the app, which refused a
 * later part of the write (HubSpot writes associations after the record). Any retry of it is an update of that
 * record, never a second create.
 */
final class WriteClient {
    private static final Logger LOG = LoggerFactory.getLogger(WriteClient.class);
    private final Connector connector;
    private final String objectType;
    private final RunOptions options;
    /**
     * Failures of one property's value. {@code ASSOCIATION} is one too: an association the app refuses (HubSpot
     * no longer has the record, a database foreign key finds no row) fails that field like one the engine cannot
     * translate yet (DESIGN.md §2.6), and the record's other fields are still written.
     */
    private static final Set<FailureCategory> FIELD_LEVEL = EnumSet.of(FailureCategory.VALUE_TOO_LONG,
            FailureCategory.INVALID_VALUE, FailureCategory.INVALID_OPTION, FailureCategory.READ_ONLY_PROPERTY,
            FailureCategory.UNKNOWN_PROPERTY, FailureCategory.ASSOCIATION);

    private Map<String, List<Failure>> fieldFailures = new HashMap<>();
    /** Set once the app asked for a wait longer than this run can honour; every later write fails with it. */
    private Failure pause;

    WriteClient(Connector connector, String objectType, RunOptions options) {
        this.connector = connector;
        this.objectType = objectType;
        this.options = options;
    }

    /**
     * Writes the operations and returns one result per operation, keyed by ref. A record the app rejects because
     * of one property's value (too long, invalid, unknown or read-only property, refused association) is written
     * again without that property, so that its other fields still sync (DESIGN.md §2.2); the dropped fields'
     * failures are then in {@link #fieldFailures()}. Identifiers are never dropped from a create, and a duplicate
     * never leads to a partial write.
     *
     * @param identifiers properties a create must keep (the record could not be matched again without them)
     */
    Map<String, WriteResult> write(List<WriteOperation> operations, Set<String> identifiers) {
        fieldFailures = new HashMap<>();
        Map<String, WriteResult> out = writeAll(operations);
        List<WriteOperation> again = new ArrayList<>();
        Map<String, WriteOperation> byRef = new HashMap<>();
        operations.forEach(op -> byRef.put(op.ref(), op));
        while (true) {
            again.clear();
            for (WriteResult r : out.values()) {
                WriteOperation op = byRef.get(r.ref());
                if (!r.succeeded() && droppable(op, r.failure(), identifiers)) {
                    Map<String, String> rest = new LinkedHashMap<>(op.properties());
                    rest.remove(r.failure().property());
                    WriteOperation retry = retryOf(op, r);
                    WriteOperation reduced = new WriteOperation(retry.kind(), op.ref(), retry.id(), rest);
                    fieldFailures.computeIfAbsent(op.ref(), k -> new ArrayList<>()).add(r.failure());
                    byRef.put(op.ref(), reduced);
                    again.add(reduced);
                }
            }
            if (again.isEmpty()) {
                return out;
            }
            out.putAll(writeAll(again));
        }
    }

    /** Per ref, the fields left out of the last {@link #write} because the app rejected their values. */
    Map<String, List<Failure>> fieldFailures() {
        return fieldFailures;
    }

    /** The operation to send again after result {@code r}: a create the app made is retried as an update of it. */
    private static WriteOperation retryOf(WriteOperation op, WriteResult r) {
        return op.kind() == WriteOperation.Kind.CREATE && r.id() != null
                ? new WriteOperation(WriteOperation.Kind.UPDATE, op.ref(), r.id(), op.properties()) : op;
    }

    private static boolean droppable(WriteOperation op, Failure f, Set<String> identifiers) {
        String property = f.property();
        return FIELD_LEVEL.contains(f.category()) && property != null && op.properties().containsKey(property)
                && op.properties().size() > 1
                && !(op.kind() == WriteOperation.Kind.CREATE && identifiers.contains(property));
    }

    private Map<String, WriteResult> writeAll(List<WriteOperation> operations) {
        Map<String, WriteResult> out = new HashMap<>();
        int batch = Math.max(1, connector.info().maxBatchSize());
        for (int i = 0; i < operations.size(); i += batch) {
            writeBatch(operations.subList(i, Math.min(operations.size(), i + batch)), out);
        }
        return out;
    }

    /** The failure that paused this client (see the class comment), or {@code null}. */
    Failure pause() {
        return pause;
    }

    private boolean pauses(Failure f) {
        return f.category() == FailureCategory.RATE_LIMITED && f.retryAfterMs() != null
                && f.retryAfterMs() > options.backoffMaxMs();
    }

    private void pauseOn(Failure f) {
        if (pause == null) {
            LOG.info("{}: the app asked to wait {} s (rate limit); no more writes to it in this run",
                    objectType, f.retryAfterMs() / 1000);
        }
        pause = f;
    }

    private static void failAll(List<WriteOperation> ops, Failure f, Map<String, WriteResult> out) {
        for (WriteOperation op : ops) {
            out.put(op.ref(), WriteResult.failed(op.ref(), op.id(), f));
        }
    }

    private void writeBatch(List<WriteOperation> batch, Map<String, WriteResult> out) {
        List<WriteOperation> pending = batch;
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            if (pause != null) {
                failAll(pending, pause, out);
                return;
            }
            List<WriteResult> results;
            Long retryAfter = null;
            try {
                results = connector.write(objectType, pending);
            } catch (ConnectorException e) {
                Failure f = new Failure(e.category(), e.getMessage(), null, e.retryAfterMs());
                if (e.category() == FailureCategory.PERMISSION) {
                    failAll(pending, f, out);
                    return;
                }
                if (!e.isTransient()) {
                    throw e;
                }
                if (pauses(f)) {
                    pauseOn(f);
                    continue;
                }
                if (attempt >= options.maxAttempts()) {
                    failAll(pending, f, out);
                    return;
                }
                sleep(attempt, e.retryAfterMs());
                continue;
            }
            List<WriteOperation> again = new ArrayList<>();
            Set<String> againRefs = new HashSet<>();
            Map<String, WriteOperation> byRef = new HashMap<>();
            pending.forEach(op -> byRef.put(op.ref(), op));
            for (WriteResult r : results) {
                if (!r.succeeded() && pauses(r.failure())) {
                    pauseOn(r.failure());
                    out.put(r.ref(), r);
                } else if (!r.succeeded() && r.failure().isTransient() && attempt < options.maxAttempts()) {
                    again.add(retryOf(byRef.get(r.ref()), r));
                    againRefs.add(r.ref());
                    if (r.failure().retryAfterMs() != null) {
                        retryAfter = Math.max(retryAfter == null ? 0 : retryAfter, r.failure().retryAfterMs());
                    }
                } else {
                    out.put(r.ref(), r);
                }
            }
            for (WriteOperation op : pending) {
                if (!out.containsKey(op.ref()) && !againRefs.contains(op.ref())) {
                    out.put(op.ref(), WriteResult.failed(op.ref(), op.id(), Failure.of(
                            FailureCategory.UNKNOWN, "the app returned no result for this record")));
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
            throw new ConnectorException(FailureCategory.REMOTE_ERROR, "interrupted while waiting to retry");
        }
    }
}
