package io.crmsync.connector.jdbc;

import io.crmsync.api.AppSettings;
import io.crmsync.api.ConnectorException;
import io.crmsync.api.FailureCategory;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.regex.Pattern;

/**
 * Turns {@link SQLException}s into failure categories and secret-free messages. Thread-safe.
 *
 * <p>Every message and every cause that leaves the connector goes through {@link #redact}: the app's secrets
 * (from {@link AppSettings#secrets()} and the configured password) and any {@code password=...} or
 * {@code user:password@} part of a URL are replaced by {@code ***}. Causes are copied with redacted messages,
 * since a driver may quote the URL it was given.
 */
final class SqlFailures {
    private static final Pattern URL_PASSWORD =
            Pattern.compile("(?i)\\b(password|passwd|pwd)=([^&;\\s'\"]*)");
    private static final Pattern URL_USERINFO = Pattern.compile("(//[^/:@\\s]+):([^@/\\s]+)@");

    private final AppSettings app;
    private final String password;

    SqlFailures(AppSettings app, String password) {
        this.app = app;
        this.password = password;
    }

    /** The text without any secret. */
    String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = app.redact(text);
        if (password != null && !password.isEmpty()) {
            out = out.replace(password, "***");
        }
        out = URL_PASSWORD.matcher(out).replaceAll("$1=***");
        return URL_USERINFO.matcher(out).replaceAll("$1:***@");
    }

    /**
     * A whole-call failure: {@code AUTHENTICATION} for refused credentials, {@code PERMISSION} for a missing
     * privilege, else {@code REMOTE_ERROR} (transient: retried).
     *
     * @param what what was being done, e.g. {@code read contacts}
     */
    ConnectorException callFailure(String what, SQLException e) {
        FailureCategory category = FailureCategory.REMOTE_ERROR;
        String state = sqlState(e);
        if (state != null && state.startsWith("28")) {
            category = FailureCategory.AUTHENTICATION;
        } else if ("42501".equals(state)) {
            category = FailureCategory.PERMISSION;
        }
        return new ConnectorException(category,
                "app " + app.name() + ": cannot " + what + ": " + oneLine(redact(deepestMessage(e))), scrub(e, 0));
    }

    /** {@code true} when the error concerns the connection or transaction, not one row: fail the call. */
    static boolean isCallLevel(SQLException e) {
        if (e instanceof SQLTransientException || e instanceof SQLRecoverableException
                || e instanceof SQLNonTransientConnectionException) {
            return true;
        }
        if (e instanceof SQLiteException s) {
            SQLiteErrorCode code = s.getResultCode();
            String name = code == null ? "" : code.name();
            return name.startsWith("SQLITE_BUSY") || name.startsWith("SQLITE_LOCKED")
                    || name.startsWith("SQLITE_IOERR") || name.startsWith("SQLITE_FULL")
                    || name.startsWith("SQLITE_CANTOPEN") || name.startsWith("SQLITE_READONLY")
                    || name.startsWith("SQLITE_CORRUPT");
        }
        String state = e.getSQLState();
        return state != null && (state.startsWith("08") || state.startsWith("28") || state.startsWith("40")
                || state.startsWith("53") || state.startsWith("57") || state.startsWith("58"));
    }

    /** The category of a statement the database rejected for one row. */
    static FailureCategory rowCategory(SQLException e) {
        if (e instanceof SQLiteException s && s.getResultCode() != null) {
            return switch (s.getResultCode()) {
                case SQLITE_CONSTRAINT_UNIQUE, SQLITE_CONSTRAINT_PRIMARYKEY -> FailureCategory.DUPLICATE;
                case SQLITE_CONSTRAINT_NOTNULL -> FailureCategory.REQUIRED_FIELD_MISSING;
                case SQLITE_TOOBIG -> FailureCategory.VALUE_TOO_LONG;
                case SQLITE_MISMATCH -> FailureCategory.INVALID_VALUE;
                default -> FailureCategory.REJECTED_BY_APP;
            };
        }
        String state = e.getSQLState();
        if (state == null) {
            return FailureCategory.REJECTED_BY_APP;
        }
        if (state.equals("23505")) {
            return FailureCategory.DUPLICATE;
        }
        if (state.equals("23502")) {
            return FailureCategory.REQUIRED_FIELD_MISSING;
        }
        if (state.equals("22001")) {
            return FailureCategory.VALUE_TOO_LONG;
        }
        if (state.startsWith("22")) {
            return FailureCategory.INVALID_VALUE;
        }
        return FailureCategory.REJECTED_BY_APP;
    }

    /**
     * {@code true} when the database refused a row because a foreign key names a record that does not exist:
     * SQLSTATE 23503 (PostgreSQL) or 23506 (H2), MySQL's error 1452, SQLite's {@code SQLITE_CONSTRAINT_FOREIGNKEY}.
     * On an association column or join row this is an {@code ASSOCIATION} failure, as HubSpot reports an
     * association to a record it does not have (DESIGN.md §2.6), so the record is tried again on every run.
     */
    static boolean isForeignKeyViolation(SQLException e) {
        if (e instanceof SQLiteException s) {
            return s.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_FOREIGNKEY;
        }
        String state = e.getSQLState();
        return "23503".equals(state) || "23506".equals(state) || ("23000".equals(state) && e.getErrorCode() == 1452);
    }

    /** The database's message, redacted and on one line. */
    String message(SQLException e) {
        return oneLine(redact(e.getMessage()));
    }

    private static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null) {
                return s.getSQLState();
            }
        }
        return null;
    }

    // A pool timeout wraps the driver's real reason ("password authentication failed") as its cause.
    private static String deepestMessage(Throwable e) {
        String message = e.getMessage();
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                message = t.getMessage();
            }
        }
        return message == null ? e.getClass().getSimpleName() : message;
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s*\\R\\s*", " ").trim();
    }

    /** A copy of a throwable chain with redacted messages and the original stack traces. */
    Throwable scrub(Throwable t, int depth) {
        if (t == null || depth > 10) {
            return null;
        }
        String message = t.getClass().getName() + ": " + redact(t.getMessage());
        Throwable copy = t instanceof SQLException s
                ? new SQLException(message, s.getSQLState(), s.getErrorCode())
                : new Exception(message);
        copy.setStackTrace(t.getStackTrace());
        Throwable cause = scrub(t.getCause(), depth + 1);
        if (cause != null) {
            copy.initCause(cause);
        }
        return copy;
    }
}
