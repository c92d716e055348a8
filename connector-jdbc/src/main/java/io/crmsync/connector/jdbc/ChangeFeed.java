package io.crmsync.connector.jdbc;

import io.crmsync.api.ChangePage;
import io.crmsync.api.Checkpoint;
import io.crmsync.api.Record;
import io.crmsync.connector.jdbc.TableInfo.TimeKind;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The change feed of a table with an updated-at column: checkpoints and change pages.
 *
 * <p><b>Positions.</b> A checkpoint is one of
 * <ul>
 *   <li>{@code ts1|from|<time>}: every row with updated-at {@code >= time} is (re)read;
 *       {@code ts1|from|} means every row that has an updated-at value;</li>
 *   <li>{@code ts1|after|<time>|<id>}: rows after {@code (time, id)} in {@code (updated-at, id)} order.</li>
 * </ul>
 * {@code <time>} is the column's value in a comparable text form: an ISO instant at full precision for
 * timestamp columns, epoch milliseconds for integer columns, the (normalised) text for text columns.
 *
 * <p><b>Why two forms.</b> Rows are read in {@code (updated-at, id)} order, but a row can still appear with a
 * time already passed: two writers stamp the same millisecond, or a transaction commits after a reader went by.
 * So the last page only moves the checkpoint past what it read ({@code after}) when the last row read is older
 * than {@code changeLagMs} before the read began; then no new row can arrive at or before it. Otherwise the
 * checkpoint becomes {@code from} the read's start minus the lag, and the next read returns the few rows of
 * that window once more (the engine recognises them as unchanged) until they are older than the lag. So rows
 * sharing a timestamp are never lost, are re-read at most for the lag, and a run after a quiet period reads
 * zero rows. The lag must exceed the longest commit delay and the clock skew between writers and this JVM.
 *
 * <p><b>Associations in join tables</b> have no change time of their own: a record whose join rows changed is
 * read again only when its own updated-at moves. The connector's writer stamps it whenever it writes a record's
 * associations; other writers must do the same, or a trigger on the join table must (README.md, "Several
 * associations per record").
 *
 * <p>A page token is {@code pg1|<read start, epoch ms>|<time>|<id>}: the position after the last row returned,
 * and the start of the read so that all pages of one read share one horizon.
 *
 * <p>Thread-safe (stateless apart from its collaborators).
 */
final class ChangeFeed {
    private static final String POSITION = "ts1";
    private static final String TOKEN = "pg1";

    private final TableReader reader;
    private final ValueCodec codec;
    private final long lagMs;
    private final Clock clock;

    ChangeFeed(TableReader reader, ValueCodec codec, long lagMs, Clock clock) {
        this.reader = reader;
        this.codec = codec;
        this.lagMs = lagMs;
        this.clock = clock;
    }

    /** A position: inclusive from {@code time} ({@code id == null}) or exclusive after {@code (time, id)}. */
    record Position(String time, String id) {
        static final Position BEGINNING = new Position(null, null);

        String encode() {
            return id == null ? POSITION + "|from|" + (time == null ? "" : time)
                    : POSITION + "|after|" + time + "|" + id;
        }

        static Position decode(String value) {
            String[] parts = value.split("\\|", 4);
            if (parts.length >= 3 && parts[0].equals(POSITION) && parts[1].equals("from")) {
                return parts[2].isEmpty() ? BEGINNING : new Position(parts[2], null);
            }
            if (parts.length == 4 && parts[0].equals(POSITION) && parts[1].equals("after")) {
                return new Position(parts[2], parts[3]);
            }
            if (value.equals(JdbcConnector.FULL_SCAN_CHECKPOINT)) {
                // The table had no updatedAt column when this checkpoint was made: read everything once.
                return BEGINNING;
            }
            throw new IllegalArgumentException("not a checkpoint of this connector: " + value);
        }
    }

    /**
     * The position to start from after an initial full read begun now: just after the latest row when it is
     * older than the lag; otherwise from the lag horizon, so that rows committed late are not missed.
     */
    Checkpoint checkpoint(Connection c, TableInfo t) throws SQLException {
        String sql = "SELECT MAX(" + t.timeExpression() + ") FROM " + t.table();
        String max;
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            max = rs.next() ? readTimeKey(t.timeKind(), rs, 1) : null;
        }
        if (max == null) {
            return new Checkpoint(Position.BEGINNING.encode());
        }
        Instant horizon = clock.instant().minusMillis(lagMs);
        Instant latest = keyInstant(t.timeKind(), max);
        if (latest == null || !latest.isBefore(horizon)) {
            return new Checkpoint(new Position(keyOf(t.timeKind(), horizon), null).encode());
        }
        // Settled: no row can still appear at the latest time, so even its rows need not be read again.
        String sqlId = "SELECT MAX(" + t.id().quoted() + ") FROM " + t.table() + " WHERE " + t.timeExpression()
                + " = ?";
        try (PreparedStatement ps = c.prepareStatement(sqlId)) {
            ps.setObject(1, timeToJdbc(t.timeKind(), max));
            try (ResultSet rs = ps.executeQuery()) {
                String id = rs.next() ? ValueCodec.readId(rs, 1) : null;
                return new Checkpoint(new Position(max, id).encode());
            }
        }
    }

    /** One page of changes after {@code since}; see the class comment for positions and tokens. */
    ChangePage read(Connection c, TableInfo t, Checkpoint since, String pageToken, int pageSize)
            throws SQLException {
        Position start = Position.decode(since.value());
        long readStart;
        Position position;
        if (pageToken == null) {
            readStart = clock.millis();
            position = start;
        } else {
            String[] parts = pageToken.split("\\|", 4);
            if (parts.length != 4 || !parts[0].equals(TOKEN)) {
                throw new IllegalArgumentException("not a page token of this connector: " + pageToken);
            }
            readStart = Long.parseLong(parts[1]);
            position = new Position(parts[2], parts[3]);
        }
        List<Record> records = new ArrayList<>();
        List<Position> positions = new ArrayList<>();
        query(c, t, position, pageSize + 1, records, positions);
        if (records.size() > pageSize) {
            Position last = positions.get(pageSize - 1);
            String token = TOKEN + "|" + readStart + "|" + last.time() + "|" + last.id();
            return new ChangePage(records.subList(0, pageSize), List.of(), false, token, null);
        }
        Position last = positions.isEmpty() ? (pageToken == null ? null : position)
                : positions.get(positions.size() - 1);
        Position next = next(t.timeKind(), start, last, Instant.ofEpochMilli(readStart).minusMillis(lagMs));
        return new ChangePage(records, List.of(), false, null, new Checkpoint(next.encode()));
    }

    /** The checkpoint after a read from {@code start} whose last row was at {@code last} (null: none). */
    private static Position next(TimeKind kind, Position start, Position last, Instant horizon) {
        if (last == null) {
            return start;
        }
        Instant lastTime = keyInstant(kind, last.time());
        if (lastTime == null || lastTime.isBefore(horizon)) {
            return last;
        }
        Instant startTime = start.time() == null ? null : keyInstant(kind, start.time());
        if (startTime != null && !horizon.isAfter(startTime)) {
            return start;
        }
        return new Position(keyOf(kind, horizon), null);
    }

    private void query(Connection c, TableInfo t, Position p, int limit, List<Record> records,
                       List<Position> positions) throws SQLException {
        String time = t.timeExpression();
        String id = t.id().quoted();
        String where;
        if (p.time() == null) {
            where = time + " IS NOT NULL";
        } else if (p.id() == null) {
            where = time + " >= ?";
        } else {
            where = "(" + time + " > ? OR (" + time + " = ? AND " + id + " > ?))";
        }
        String prefilter = rawPrefilter(t, p);
        if (prefilter != null) {
            // Every ISO text starts with its date, at most a day off the UTC date: a plain comparison on the
            // raw column (which an index serves) drops old rows before strftime is evaluated.
            where = "(" + where + ") AND " + t.updatedAt().quoted() + " >= ?";
        }
        String sql = "SELECT " + reader.selectList(t) + " FROM " + t.table() + " WHERE " + where
                + " ORDER BY " + time + ", " + id + " LIMIT ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int index = 1;
            if (p.time() != null) {
                Object bound = timeToJdbc(t.timeKind(), p.time());
                ps.setObject(index++, bound);
                if (p.id() != null) {
                    ps.setObject(index++, bound);
                    Object idValue = codec.idToJdbc(t.id(), p.id());
                    if (idValue == null) {
                        throw new IllegalArgumentException("not a position of this table: " + p.encode());
                    }
                    ValueCodec.bind(ps, index++, t.id(), idValue);
                }
            }
            if (prefilter != null) {
                ps.setString(index++, prefilter);
            }
            ps.setInt(index, limit);
            List<Record> page = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    page.add(reader.toRecord(t, rs));
                    positions.add(new Position(readTimeKey(t.timeKind(), rs, 2), ValueCodec.readId(rs, 1)));
                }
            }
            records.addAll(reader.withJoins(c, t, page));
        }
    }

    /** For SQLite text timestamps, the raw lower bound {@code yyyy-MM-dd} (a day early), or {@code null}. */
    private static String rawPrefilter(TableInfo t, Position p) {
        if (t.dialect() != Dialect.SQLITE || t.timeKind() != TimeKind.ISO_TEXT || p.time() == null) {
            return null;
        }
        Instant at = keyInstant(TimeKind.ISO_TEXT, p.time());
        return at == null ? null : at.minus(java.time.Duration.ofDays(1)).atOffset(ZoneOffset.UTC).toLocalDate()
                .toString();
    }

    // ---------------------------------------------------------------- time values in checkpoint form

    /** Reads an updated-at value in checkpoint form, or {@code null}. */
    static String readTimeKey(TimeKind kind, ResultSet rs, int index) throws SQLException {
        switch (kind) {
            case TIMESTAMP: {
                LocalDateTime t = rs.getObject(index, LocalDateTime.class);
                return t == null ? null : t.toInstant(ZoneOffset.UTC).toString();
            }
            case TIMESTAMP_TZ: {
                OffsetDateTime t = rs.getObject(index, OffsetDateTime.class);
                return t == null ? null : t.toInstant().toString();
            }
            case EPOCH_MS: {
                Object value = rs.getObject(index);
                return value == null ? null : Long.toString(((Number) value).longValue());
            }
            default:
                return rs.getString(index);
        }
    }

    /** The instant of a checkpoint-form time, or {@code null} when text does not parse as a time. */
    static Instant keyInstant(TimeKind kind, String key) {
        if (key == null) {
            return null;
        }
        return switch (kind) {
            case TIMESTAMP, TIMESTAMP_TZ -> Instant.parse(key);
            case EPOCH_MS -> Instant.ofEpochMilli(Long.parseLong(key));
            case ISO_TEXT -> ValueCodec.parseInstant(key.trim());
        };
    }

    /** An instant in checkpoint form. */
    static String keyOf(TimeKind kind, Instant instant) {
        return switch (kind) {
            case TIMESTAMP, TIMESTAMP_TZ -> instant.toString();
            case EPOCH_MS -> Long.toString(instant.toEpochMilli());
            case ISO_TEXT -> ValueCodec.formatInstant(instant);
        };
    }

    private static Object timeToJdbc(TimeKind kind, String key) {
        return switch (kind) {
            case TIMESTAMP -> LocalDateTime.ofInstant(Instant.parse(key), ZoneOffset.UTC);
            case TIMESTAMP_TZ -> Instant.parse(key).atOffset(ZoneOffset.UTC);
            case EPOCH_MS -> Long.parseLong(key);
            case ISO_TEXT -> key;
        };
    }
}
