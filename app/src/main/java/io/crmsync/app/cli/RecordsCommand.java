package io.crmsync.app.cli;

import io.crmsync.app.bind.Workspace;
import io.crmsync.app.bind.ObjectSyncRef;
import io.crmsync.engine.model.RecordState;
import io.crmsync.engine.state.RecordRow;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code crmsync records}: the record view (DESIGN.md §2.7), filtered by object sync, state and time, with
 * selectable columns, on screen or exported to CSV or XLSX.
 */
@Command(name = "records", mixinStandardHelpOptions = true,
        description = "List the records of object syncs with their state, or export them to CSV or XLSX.")
final class RecordsCommand extends WorkspaceCommand {
    private static final int SCREEN_LIMIT = 100;
    private static final int MESSAGE_WIDTH = 60;

    @Mixin
    ConfigOptions config;

    @Mixin
    Selection selection;

    @Option(names = "--state", paramLabel = "STATE", description = "Only records in this state: syncing, failed,"
            + " excluded or pending.")
    String state;

    @Option(names = "--since", paramLabel = "TIME", converter = TimeArgument.class,
            description = "Only records changed since: 30m, 24h, 7d, 2026-01-01 or 2026-01-01T10:00 (UTC).")
    Instant since;

    @Option(names = "--until", paramLabel = "TIME", converter = TimeArgument.class,
            description = "Only records changed before this time (same forms as --since).")
    Instant until;

    @Option(names = "--columns", paramLabel = "LIST", split = ",",
            description = "Columns to show, from: idA,idB,state,reason,message,attempts,updatedAt"
                    + " (default: all but attempts).")
    List<String> columns;

    @Option(names = "--limit", paramLabel = "N", description = "Most records listed per object sync (default: "
            + SCREEN_LIMIT + " on screen, all when exporting).")
    Integer limit;

    @Option(names = "--export", paramLabel = "FILE", description = "Write the records to FILE.csv or FILE.xlsx"
            + " (with sync and object columns) instead of listing them.")
    Path export;

    private List<RecordColumn> chosen;
    private String stateName;

    @Override
    Path configFile() {
        return config.file;
    }

    /** Checks the options before connecting, so that a typo is reported even when an app is down. */
    @Override
    void beforeOpen(Console console) {
        chosen = columns == null ? RecordColumn.DEFAULT
                : columns.stream().map(RecordColumn::parse).distinct().toList();
        if (state != null) {
            stateName = state.trim().toUpperCase(Locale.ROOT);
            if (Arrays.stream(RecordState.values()).noneMatch(s -> s.name().equals(stateName))) {
                throw new UsageException("unknown state \"" + state + "\" in --state; use one of: "
                        + Arrays.stream(RecordState.values()).map(s -> s.name().toLowerCase(Locale.ROOT))
                        .collect(Collectors.joining(", ")));
            }
        }
        if (export != null) {
            RecordExport.checkTarget(export);
        }
        if (limit != null && limit < 1) {
            throw new UsageException("--limit must be 1 or more, not " + limit);
        }
        if (since != null && until != null && !since.isBefore(until)) {
            throw new UsageException("--since must be before --until");
        }
    }

    /** Records reads the state store only: it works while an app is down. */
    @Override
    boolean needsApps() {
        return false;
    }

    @Override
    int execute(Workspace workspace, Console console) {
        int max = limit != null ? limit : export != null ? Integer.MAX_VALUE : SCREEN_LIMIT;
        List<ObjectSyncRef> objectSyncs = selection.declared(workspace);
        List<RecordExport.Row> rows = new ArrayList<>();
        List<Listing> listings = new ArrayList<>();
        for (ObjectSyncRef os : objectSyncs) {
            Listing listing = list(workspace, os, max);
            listings.add(listing);
            listing.rows().forEach(r -> rows.add(new RecordExport.Row(os.sync(), os.object(), r)));
        }
        boolean cut = listings.stream().anyMatch(l -> l.rows().size() < l.total());
        if (export != null) {
            boolean sameApps = objectSyncs.stream().map(os -> os.appA() + "\0" + os.appB()).distinct().count() <= 1;
            String appA = sameApps && !objectSyncs.isEmpty() ? objectSyncs.get(0).appA() : "app A";
            String appB = sameApps && !objectSyncs.isEmpty() ? objectSyncs.get(0).appB() : "app B";
            RecordExport.write(export, chosen, appA, appB, rows);
            console.out().println("exported " + Text.count(rows.size(), "record", "records") + " to " + export
                    + (cut ? " (at most " + max + " per object sync: --limit)" : ""));
            return Main.OK;
        }
        for (Listing listing : listings) {
            print(console.out(), listing);
        }
        if (cut) {
            console.out().println("(at most " + Text.count(max, "record", "records") + " shown per object sync;"
                    + " use --limit N or --export FILE for more)");
        }
        return Main.OK;
    }

    /** One object sync's records: the first ones up to the limit, and how many match in all. */
    private record Listing(ObjectSyncRef os, List<RecordRow> rows, long total) {
    }

    private Listing list(Workspace workspace, ObjectSyncRef os, int max) {
        long id = StoredState.objectSyncId(workspace, os);
        if (since != null || until != null) {
            // The store counts by state only: with a time window, read every match to count them.
            List<RecordRow> all = workspace.store().runs().records(id, stateName, since, until, Integer.MAX_VALUE);
            return new Listing(os, all.size() > max ? all.subList(0, max) : all, all.size());
        }
        Map<String, Map<String, Integer>> counts = workspace.store().runs().stateCounts(id);
        long total = counts.entrySet().stream().filter(e -> stateName == null || stateName.equals(e.getKey()))
                .flatMap(e -> e.getValue().values().stream()).mapToLong(Integer::longValue).sum();
        List<RecordRow> rows = workspace.store().runs().records(id, stateName, null, null, max);
        return new Listing(os, rows, Math.max(total, rows.size()));
    }

    /** {@code crm-shop/contacts: 5 records}, or {@code showing 100 of 670 records} when cut; then the table. */
    private void print(PrintStream out, Listing listing) {
        ObjectSyncRef os = listing.os();
        List<RecordRow> rows = listing.rows();
        out.println(os.label() + ": " + (rows.size() < listing.total() ? "showing " + rows.size() + " of " : "")
                + Text.count(listing.total(), "record", "records"));
        if (rows.isEmpty()) {
            return;
        }
        List<String[]> table = new ArrayList<>();
        table.add(chosen.stream().map(c -> c.header(os.appA(), os.appB())).toArray(String[]::new));
        for (RecordRow r : rows) {
            table.add(chosen.stream().map(c -> Text.cell(c.screenText(r), c == RecordColumn.MESSAGE ? MESSAGE_WIDTH
                    : Integer.MAX_VALUE)).toArray(String[]::new));
        }
        int[] widths = new int[chosen.size()];
        for (String[] row : table) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : table) {
            StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : String.format("%-" + widths[i] + "s  ", row[i]));
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
