package io.crmsync.testkit;

import io.crmsync.api.Capability;
import io.crmsync.api.ChangePage;
import io.crmsync.api.Checkpoint;
import io.crmsync.api.Connector;
import io.crmsync.api.ConnectorException;
import io.crmsync.api.ConnectorInfo;
import io.crmsync.api.Failure;
import io.crmsync.api.FailureCategory;
import io.crmsync.api.ObjectSchema;
import io.crmsync.api.PropertyDef;
import io.crmsync.api.Record;
import io.crmsync.api.RecordPage;
import io.crmsync.api.WriteOperation;
import io.crmsync.api.WriteResult;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * An in-memory {@link Connector} for engine tests and benchmarks: one app whose object types are the given
 * schemas, with direct access that bypasses the SPI (simulating users editing the app), a logical clock,
 * call counters and fault injection.
 *
 * <p><b>Ids</b> of created records are {@code <appName>-<n>} with {@code n} zero-padded to 9 digits, so that id
 * order is creation order. <b>Checkpoints</b> are the decimal value of a logical clock that every change
 * (direct or through {@link #write}) advances by one; {@link #readChanges} returns records whose last change is
 * after the checkpoint. Hard deletes ({@link #remove}) leave no tombstone and are not in the change feed.
 *
 * <p><b>Values</b> are stored as given (strings); a {@code null} value removes the property. Records returned
 * carry only the properties that are set.
 *
 * <p><b>Threading:</b> every method is {@code synchronized}; the write hook runs while the lock is held.
 *
 * <p><b>Errors:</b> an unknown object type, or an unknown property in {@link #findByIdentifier}, throws
 * {@link ConnectorException} ({@code UNKNOWN_PROPERTY}); a malformed checkpoint or page token throws
 * {@link ConnectorException} ({@code UNKNOWN}). Direct-access methods throw {@link IllegalArgumentException}
 * for a missing record.
 */
public final class InMemoryConnector implements Connector {
    /** Connector type reported by {@link #info()}. */
    public static final String TYPE = "memory";

    private final String appName;
    private final Map<String, ObjectSchema> schemas = new LinkedHashMap<>();
    private final Map<String, TreeMap<String, Stored>> data = new HashMap<>();
    private long clock;
    private long idCounter;
    private Instant lastInstant = Instant.EPOCH;
    private int maxBatchSize = 100;
    private int writeCalls;
    private long recordsWritten;
    private int readCalls;
    private int failingWriteCalls;
    private FailureCategory failingCategory;
    private Long failingRetryAfterMs;
    private Consumer<List<WriteOperation>> writeHook;

    /** One stored record: its values, the clock value of its last change, and that change's instant. */
    private record Stored(String id, Map<String, String> props, long seq, Instant updatedAt) {
        Record toRecord() {
            return new Record(id, props, updatedAt, false);
        }
    }

    /**
     * @param appName app name, used as the prefix of created ids
     * @param schemas the object types this app has, with their properties
     */
    public InMemoryConnector(String appName, List<ObjectSchema> schemas) {
        this.appName = Objects.requireNonNull(appName, "appName");
        for (ObjectSchema schema : schemas) {
            this.schemas.put(schema.objectType(), schema);
            data.put(schema.objectType(), new TreeMap<>());
        }
    }

    /** Sets the batch size reported by {@link #info()} (at least 1); {@link #write} does not enforce it. */
    public synchronized void setMaxBatchSize(int maxBatchSize) {
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("maxBatchSize must be at least 1: " + maxBatchSize);
        }
        this.maxBatchSize = maxBatchSize;
    }

    // ---------------------------------------------------------------- direct access (bypasses the SPI)

    /** Creates a record with a new id, without validation, and returns the id. */
    public synchronized String put(String objectType, Map<String, String> props) {
        String id = newId();
        put(objectType, id, props);
        return id;
    }

    /** Creates or replaces the record with this id, without validation. */
    public synchronized void put(String objectType, String id, Map<String, String> props) {
        TreeMap<String, Stored> table = table(objectType);
        Map<String, String> values = new HashMap<>();
        props.forEach((k, v) -> {
            if (v != null) {
                values.put(k, v);
            }
        });
        table.put(id, stamp(id, values));
    }

    /** Sets one property of an existing record, without validation; {@code null} removes it. */
    public synchronized void edit(String objectType, String id, String property, String value) {
        Stored current = table(objectType).get(id);
        if (current == null) {
            throw new IllegalArgumentException("no " + objectType + " record " + id);
        }
        Map<String, String> values = new HashMap<>(current.props());
        if (value == null) {
            values.remove(property);
        } else {
            values.put(property, value);
        }
        table(objectType).put(id, stamp(id, values));
    }

    /** Hard-deletes a record, leaving no tombstone; does nothing when it does not exist. */
    public synchronized void remove(String objectType, String id) {
        if (table(objectType).remove(id) != null) {
            clock++;
        }
    }

    /** A snapshot of every record of an object type, by id in id order. */
    public synchronized Map<String, Record> records(String objectType) {
        Map<String, Record> out = new LinkedHashMap<>();
        table(objectType).forEach((id, stored) -> out.put(id, stored.toRecord()));
        return out;
    }

    /** One record, or {@code null} when it does not exist. */
    public synchronized Record get(String objectType, String id) {
        Stored stored = table(objectType).get(id);
        return stored == null ? null : stored.toRecord();
    }

    // ---------------------------------------------------------------- counters and fault injection

    /** Number of {@link #write} calls since the last {@link #resetCounters()}, failed ones included. */
    public synchronized int writeCalls() {
        return writeCalls;
    }

    /** Number of operations {@link #write} applied successfully since the last {@link #resetCounters()}. */
    public synchronized long recordsWritten() {
        return recordsWritten;
    }

    /** Number of read calls (readAll, readChanges, readByIds, findByIdentifier) since the last reset. */
    public synchronized int readCalls() {
        return readCalls;
    }

    /** Sets every counter to zero. */
    public synchronized void resetCounters() {
        writeCalls = 0;
        recordsWritten = 0;
        readCalls = 0;
    }

    /**
     * Makes the next {@code calls} write calls fail every operation with {@code category} (use a transient one
     * such as {@code RATE_LIMITED} or {@code REMOTE_ERROR}) without applying anything.
     */
    public synchronized void failNextWrites(int calls, FailureCategory category) {
        failNextWrites(calls, category, null);
    }

    /**
     * As {@link #failNextWrites(int, FailureCategory)}, with the failures asking to wait {@code retryAfterMs}
     * (e.g. a daily quota used up), or {@code null} for no wait.
     */
    public synchronized void failNextWrites(int calls, FailureCategory category, Long retryAfterMs) {
        this.failingWriteCalls = calls;
        this.failingCategory = Objects.requireNonNull(category, "category");
        this.failingRetryAfterMs = retryAfterMs;
    }

    /**
     * Sets a hook that {@link #write} calls with the operations after validating and applying them, before
     * returning; a hook that throws simulates a crash after the app stored the write. {@code null} removes it.
     */
    public synchronized void setWriteHook(Consumer<List<WriteOperation>> hook) {
        this.writeHook = hook;
    }

    // ---------------------------------------------------------------- the SPI

    @Override
    public synchronized ConnectorInfo info() {
        return new ConnectorInfo(TYPE, List.copyOf(schemas.keySet()),
                Set.of(Capability.INCREMENTAL_CHANGES, Capability.BATCH_WRITE), maxBatchSize);
    }

    @Override
    public void check() {
        // Always reachable: there is nothing to connect to.
    }

    @Override
    public synchronized ObjectSchema schema(String objectType) {
        table(objectType);
        return schemas.get(objectType);
    }

    @Override
    public synchronized Checkpoint checkpoint(String objectType) {
        table(objectType);
        return new Checkpoint(Long.toString(clock));
    }

    /** Pages by id order; the page token is the last id returned. */
    @Override
    public synchronized RecordPage readAll(String objectType, String pageToken, int pageSize) {
        readCalls++;
        TreeMap<String, Stored> table = table(objectType);
        Map<String, Stored> rest = pageToken == null ? table : table.tailMap(pageToken, false);
        List<Record> page = new ArrayList<>();
        String last = null;
        for (Stored stored : rest.values()) {
            if (page.size() == pageSize) {
                break;
            }
            page.add(stored.toRecord());
            last = stored.id();
        }
        boolean more = last != null && table.higherKey(last) != null;
        return new RecordPage(page, more ? last : null);
    }

    /**
     * Records whose last change is after {@code since}, ordered by change then id. The page token is the clock
     * value of the last record returned: every change has its own clock value, so keyset paging on it alone
     * neither skips nor repeats a record (a record changed again while paging shows up once more, newer).
     */
    @Override
    public synchronized ChangePage readChanges(String objectType, Checkpoint since, String pageToken,
                                               int pageSize) {
        readCalls++;
        long from = parse(pageToken != null ? pageToken : since.value(), "checkpoint");
        List<Stored> changed = new ArrayList<>();
        for (Stored stored : table(objectType).values()) {
            if (stored.seq() > from) {
                changed.add(stored);
            }
        }
        changed.sort(Comparator.comparingLong(Stored::seq).thenComparing(Stored::id));
        List<Stored> page = changed.subList(0, Math.min(pageSize, changed.size()));
        long highest = page.isEmpty() ? from : page.get(page.size() - 1).seq();
        List<Record> records = page.stream().map(Stored::toRecord).toList();
        if (changed.size() > page.size()) {
            return new ChangePage(records, List.of(), false, Long.toString(highest), null);
        }
        return new ChangePage(records, List.of(), false, null, new Checkpoint(Long.toString(highest)));
    }

    @Override
    public synchronized List<Record> readByIds(String objectType, Collection<String> ids) {
        readCalls++;
        TreeMap<String, Stored> table = table(objectType);
        List<Record> out = new ArrayList<>();
        for (String id : new LinkedHashSet<>(ids)) {
            Stored stored = table.get(id);
            if (stored != null) {
                out.add(stored.toRecord());
            }
        }
        return out;
    }

    @Override
    public synchronized List<Record> findByIdentifier(String objectType, String property,
                                                     Collection<String> values) {
        readCalls++;
        TreeMap<String, Stored> table = table(objectType);
        if (schemas.get(objectType).property(property).isEmpty()) {
            throw new ConnectorException(FailureCategory.UNKNOWN_PROPERTY,
                    "app " + appName + ": " + objectType + " has no property \"" + property + "\"");
        }
        Set<String> keys = new HashSet<>();
        values.forEach(v -> {
            String key = ValueChecks.uniqueKey(v);
            if (key != null) {
                keys.add(key);
            }
        });
        List<Record> out = new ArrayList<>();
        for (Stored stored : table.values()) {
            if (keys.contains(ValueChecks.uniqueKey(stored.props().get(property)))) {
                out.add(stored.toRecord());
            }
        }
        return out;
    }

    /**
     * Applies the operations in order, each validated against the state left by the ones before it (so two
     * creates with the same unique value in one call: the second fails with {@code DUPLICATE}).
     */
    @Override
    public synchronized List<WriteResult> write(String objectType, List<WriteOperation> operations) {
        writeCalls++;
        TreeMap<String, Stored> table = table(objectType);
        List<WriteResult> results = new ArrayList<>(operations.size());
        if (failingWriteCalls > 0) {
            failingWriteCalls--;
            for (WriteOperation op : operations) {
                results.add(WriteResult.failed(op.ref(), op.id(), new Failure(failingCategory,
                        "app " + appName + ": injected " + failingCategory + " failure", null, failingRetryAfterMs)));
            }
            return results;
        }
        ObjectSchema schema = schemas.get(objectType);
        for (WriteOperation op : operations) {
            WriteResult result = apply(schema, table, op);
            if (result.succeeded()) {
                recordsWritten++;
            }
            results.add(result);
        }
        if (writeHook != null) {
            writeHook.accept(List.copyOf(operations));
        }
        return results;
    }

    @Override
    public void close() {
        // Nothing to release.
    }

    // ---------------------------------------------------------------- internals

    private WriteResult apply(ObjectSchema schema, TreeMap<String, Stored> table, WriteOperation op) {
        Stored current = op.id() == null ? null : table.get(op.id());
        if (op.kind() != WriteOperation.Kind.CREATE && current == null) {
            return WriteResult.failed(op.ref(), op.id(), Failure.of(FailureCategory.RECORD_DELETED,
                    "app " + appName + ": " + schema.objectType() + " record " + op.id() + " does not exist"));
        }
        if (op.kind() == WriteOperation.Kind.DELETE) {
            table.remove(op.id());
            clock++;
            return WriteResult.ok(op.ref(), op.id(), null);
        }
        String id = current == null ? null : current.id();
        for (Map.Entry<String, String> e : op.properties().entrySet()) {
            PropertyDef def = schema.properties().get(e.getKey());
            Failure failure = ValueChecks.check(def, e.getKey(), e.getValue());
            if (failure == null && def.unique()) {
                failure = duplicate(table, id, e.getKey(), e.getValue());
            }
            if (failure != null) {
                return WriteResult.failed(op.ref(), id, failure);
            }
        }
        Map<String, String> values = current == null ? new HashMap<>() : new HashMap<>(current.props());
        op.properties().forEach((k, v) -> {
            if (v == null) {
                values.remove(k);
            } else {
                values.put(k, v);
            }
        });
        if (id == null) {
            id = newId();
        }
        Stored stored = stamp(id, values);
        table.put(id, stored);
        return WriteResult.ok(op.ref(), id, stored.toRecord());
    }

    private Failure duplicate(TreeMap<String, Stored> table, String selfId, String property, String value) {
        String key = ValueChecks.uniqueKey(value);
        if (key == null) {
            return null;
        }
        for (Stored other : table.values()) {
            if (!other.id().equals(selfId) && key.equals(ValueChecks.uniqueKey(other.props().get(property)))) {
                return Failure.ofProperty(FailureCategory.DUPLICATE, property, "property \"" + property
                        + "\": \"" + value + "\" is already used by record " + other.id());
            }
        }
        return null;
    }

    /** Advances the clock and returns the record stamped with the new value and a non-decreasing instant. */
    private Stored stamp(String id, Map<String, String> values) {
        clock++;
        Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
        if (now.isBefore(lastInstant)) {
            now = lastInstant;
        }
        lastInstant = now;
        return new Stored(id, Map.copyOf(values), clock, now);
    }

    private String newId() {
        String id;
        do {
            id = String.format("%s-%09d", appName, ++idCounter);
        } while (idTaken(id));
        return id;
    }

    // A test may have put a record under an id the counter would generate.
    private boolean idTaken(String id) {
        for (TreeMap<String, Stored> table : data.values()) {
            if (table.containsKey(id)) {
                return true;
            }
        }
        return false;
    }

    private TreeMap<String, Stored> table(String objectType) {
        TreeMap<String, Stored> table = data.get(objectType);
        if (table == null) {
            throw new ConnectorException(FailureCategory.UNKNOWN_PROPERTY,
                    "app " + appName + ": unknown object type \"" + objectType + "\"");
        }
        return table;
    }

    private long parse(String value, String what) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new ConnectorException(FailureCategory.UNKNOWN,
                    "app " + appName + ": not a " + what + " of this connector: \"" + value + "\"");
        }
    }
}
