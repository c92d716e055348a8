package io.crmsync.api;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The connector SPI: how the engine reads and writes one app. One instance serves one app.
 *
 * <p><b>Threading:</b> the engine calls one instance from one thread at a time per object type; an
 * implementation may be called for different object types from different threads and must allow that.
 *
 * <p><b>Errors:</b> a call that fails as a whole throws {@link ConnectorException} with a category
 * ({@code AUTHENTICATION}, {@code PERMISSION}, {@code REMOTE_ERROR}, ...); per-record problems of a write are
 * returned in its {@link WriteResult}s, never thrown. Messages never contain secrets.
 *
 * @since 0.1
 */
public interface Connector extends AutoCloseable {

    /** Type, object types, capabilities and batch size. Cheap; no I/O. */
    ConnectorInfo info();

    /**
     * Checks that the app is reachable and accepts the credentials.
     *
     * @throws ConnectorException {@code AUTHENTICATION}, {@code PERMISSION} or {@code REMOTE_ERROR}
     */
    void check();

    /**
     * The properties of an object type.
     *
     * @throws ConnectorException when the object type does not exist ({@code UNKNOWN_PROPERTY}) or the app fails
     */
    ObjectSchema schema(String objectType);

    /**
     * The current position of the change feed. The engine takes it before an initial full read, so that
     * changes made during that read are seen by the next change read.
     */
    Checkpoint checkpoint(String objectType);

    /**
     * Reads every record of an object type, one page per call, in a stable order.
     *
     * @param pageToken {@code null} for the first page, then the previous page's {@link RecordPage#nextPageToken()}
     * @param pageSize  most records to return (records)
     */
    RecordPage readAll(String objectType, String pageToken, int pageSize);

    /**
     * Reads what changed since a checkpoint, one page per call. Records changed by the engine's own writes are
     * returned too; the engine recognises them (echo suppression). A connector that cannot tell what changed
     * returns every record with {@link ChangePage#fullScan()} set.
     *
     * @param since     a checkpoint this connector made earlier
     * @param pageToken {@code null} for the first page, then the previous page's token
     * @param pageSize  most records to return (records)
     */
    ChangePage readChanges(String objectType, Checkpoint since, String pageToken, int pageSize);

    /**
     * Reads records by id. Ids that do not exist (deleted) are left out of the result; archived records are
     * returned with {@link Record#archived()} set when the app still has them.
     *
     * @param ids at most {@link ConnectorInfo#maxBatchSize()} ids per call is fastest; more are allowed
     */
    List<Record> readByIds(String objectType, Collection<String> ids);

    /**
     * Finds records whose property equals one of the values, ignoring letter case and surrounding whitespace.
     * The engine checks each result against its own normalised key, so a connector may return more.
     */
    List<Record> findByIdentifier(String objectType, String property, Collection<String> values);

    /**
     * Finds records whose property names one of the web hosts ({@code example.com}, lower case, without
     * {@code www.}) in any usual spelling: with or without a scheme and {@code www.}, any letter case, and where
     * the connector can, with a path or a port ({@code https://www.example.com/about}). The engine checks each
     * result against its own normalised key, so a connector may return more.
     *
     * <p>Default: {@link #findByIdentifier} with the spellings that need no pattern search ({@code example.com},
     * {@code www.example.com}, each with {@code http://} or {@code https://} and with or without a trailing
     * slash); a connector that can search by pattern overrides it to find the others too.
     */
    default List<Record> findByDomain(String objectType, String property, Collection<String> hosts) {
        Set<String> spellings = new LinkedHashSet<>();
        for (String key : hosts) {
            for (String host : new String[] {key, "www." + key}) {
                spellings.add(host);
                for (String scheme : new String[] {"http://", "https://"}) {
                    spellings.add(scheme + host);
                    spellings.add(scheme + host + "/");
                }
            }
        }
        return findByIdentifier(objectType, property, spellings);
    }

    /**
     * Writes records, at most {@link ConnectorInfo#maxBatchSize()} per call. Returns exactly one result per
     * operation, matched by {@link WriteOperation#ref()}. A batch the app rejects as a whole is split by the
     * connector to find the records at fault, so that one bad record never fails the others.
     */
    List<WriteResult> write(String objectType, List<WriteOperation> operations);

    /** Releases connections. Never throws. */
    @Override
    void close();
}
