package io.crmsync.app.quickstart;

import io.crmsync.app.quickstart.Dataset.Row;
import io.crmsync.app.quickstart.QuickstartSchema.Table;
import io.crmsync.sandbox.SandboxSeed;
import io.crmsync.sandbox.SandboxServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The data part of {@code crmsync quickstart}: two SQLite databases ("shop" and "hubspot") seeded from bundled
 * demo data, a {@code crmsync.yaml} that syncs them, and the counts the first sync should produce.
 *
 * <p>Everything is deterministic: the same seed gives the same rows and the same YAML, byte for byte.
 * Nothing is read from outside the classpath.
 */
public final class QuickstartData {

    /** The seed used when the user gives none. */
    public static final long DEFAULT_SEED = 42;
    /** File names inside the quickstart directory. */
    public static final String SHOP_DB = "shop.db";
    /** The local HubSpot sandbox's data folder (its H2 store), started by crmsync while it works on the config. */
    public static final String HUBSPOT_SANDBOX = "hubspot-sandbox";
    public static final String CONFIG = "crmsync.yaml";
    /** Base name of the H2 state files that {@code state: jdbc:h2:file:./quickstart/state} creates. */
    public static final String STATE = "state";
    /**
     * Written first into a folder the quickstart generates: only a folder holding it is reused or reset, so
     * that files of the same names that are the user's own are never overwritten or deleted.
     */
    public static final String MARKER = ".crmsync-quickstart";

    private QuickstartData() {
    }

    /** {@link #generate(Path, long)} with {@link #DEFAULT_SEED}. */
    public static QuickstartExpectations generate(Path dir) {
        return generate(dir, DEFAULT_SEED);
    }

    /**
     * Creates {@code dir} if needed and writes the {@link #MARKER}, {@code shop.db}, the seeded HubSpot sandbox
     * store ({@value #HUBSPOT_SANDBOX}) and {@code crmsync.yaml} into it, replacing an earlier quickstart there
     * (its state too: old links would point at records that no longer exist). The folder must be {@link #usable}.
     * The config refers to the files by {@code dir} as given when it is relative, since crmsync resolves those
     * paths against its working directory; pass {@code Path.of("quickstart")} from the repository root for the
     * documented layout. Starts the sandbox for a moment on a free loopback port to seed it.
     *
     * @return what the first two-way sync of the shop database and the sandbox should do
     * @throws UncheckedIOException if a file cannot be written
     * @throws IllegalArgumentException if {@code dir} holds files and no {@link #MARKER}
     */
    public static QuickstartExpectations generate(Path dir, long seed) {
        Dataset data = new DatasetBuilder(SourceData.load(), seed).build();
        try {
            reset(dir);
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(MARKER), "This folder was written by `crmsync quickstart`; "
                    + "`crmsync quickstart --reset` deletes its files.\n", StandardCharsets.UTF_8);
            Map<Table, List<Row>> tables = new LinkedHashMap<>();
            tables.put(QuickstartSchema.SHOP_COMPANIES, data.shopCompanies());
            tables.put(QuickstartSchema.SHOP_CONTACTS, data.shopContacts());
            tables.put(QuickstartSchema.SHOP_DEALS, data.shopDeals());
            tables.put(QuickstartSchema.SHOP_PRODUCTS, data.shopProducts());
            SqliteStore.write(dir.resolve(SHOP_DB), tables);
            HubSpotSeed.write(dir.resolve(HUBSPOT_SANDBOX), data);
            Files.writeString(dir.resolve(CONFIG), ConfigWriter.yaml(configLocation(dir)), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the quickstart files in " + dir, e);
        } catch (SQLException e) {
            throw new UncheckedIOException("Cannot write the quickstart databases in " + dir,
                    new IOException(e.getMessage(), e));
        }
        // HubSpot stores values its own way (trimmed, say): predict from what it holds, not from what was sent.
        return expectations(dir);
    }

    /**
     * Seeds a running sandbox that holds no record yet with the quickstart's HubSpot companies, contacts, deals (and
     * their pipeline) and products for
     * {@code seed} (the same records {@link #generate} puts into its sandbox folder), for {@code crmsync sandbox
     * --seed quickstart}.
     *
     * @return what was created; {@code seeded() == false} when the sandbox already held records
     */
    public static SandboxSeed.Result seedSandbox(SandboxServer server, long seed) {
        return HubSpotSeed.apply(server, new DatasetBuilder(SourceData.load(), seed).build());
    }

    /**
     * Recomputes the expectations from the shop database and the sandbox store in {@code dir} as they are now. Right after
     * {@link #generate} this equals what it returned; after a sync it no longer means anything.
     */
    public static QuickstartExpectations expectations(Path dir) {
        return new ExpectationCalculator(ExpectationCalculator.Rules.DEFAULT).compute(read(dir));
    }

    /** True if {@code dir} is a quickstart folder ({@link #MARKER}) holding the database, the sandbox and the config. */
    public static boolean exists(Path dir) {
        return isQuickstart(dir) && Files.isRegularFile(dir.resolve(SHOP_DB))
                && Files.isDirectory(dir.resolve(HUBSPOT_SANDBOX)) && Files.isRegularFile(dir.resolve(CONFIG));
    }

    /** True if the quickstart wrote {@code dir}: it holds the {@link #MARKER}. */
    public static boolean isQuickstart(Path dir) {
        return Files.isRegularFile(dir.resolve(MARKER));
    }

    /**
     * True if the quickstart may write into {@code dir}: it does not exist yet, is an empty folder, or is a
     * quickstart folder ({@link #MARKER}). A folder holding anything else may hold the user's own
     * {@code crmsync.yaml} or databases.
     */
    public static boolean usable(Path dir) {
        if (!Files.exists(dir)) {
            return true;
        }
        if (!Files.isDirectory(dir)) {
            return false;
        }
        if (isQuickstart(dir)) {
            return true;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            return !files.iterator().hasNext();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the folder " + dir, e);
        }
    }

    /**
     * Deletes the quickstart database (with any SQLite journal files), the sandbox's folder, the crmsync state
     * files and the config from a quickstart folder, then the {@link #MARKER} and the folder itself if nothing else is left
     * in it. Other files are kept, and so is the marker then: the folder may hold something of the user's.
     *
     * @throws IllegalArgumentException if {@code dir} holds files and no {@link #MARKER}: they are not the
     *                                  quickstart's to delete
     * @throws IllegalStateException    if another process has the sandbox's store open
     */
    public static void reset(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        if (!usable(dir)) {
            throw new IllegalArgumentException(dir + " was not written by the quickstart (no " + MARKER + ")");
        }
        Path store = dir.resolve(HUBSPOT_SANDBOX).resolve("sandbox.mv.db");
        if (Files.isRegularFile(store) && locked(store)) {
            // Deleting a store another process has open loses what it writes afterwards, silently.
            throw new IllegalStateException(dir.resolve(HUBSPOT_SANDBOX) + " is in use by another process (a"
                    + " running `crmsync sandbox --data " + dir.resolve(HUBSPOT_SANDBOX) + "`?); stop it first");
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                if (f.getFileName().toString().equals(HUBSPOT_SANDBOX) && Files.isDirectory(f)) {
                    deleteTree(f);
                } else if (isQuickstartFile(f.getFileName().toString())) {
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the quickstart files in " + dir, e);
        }
        try (DirectoryStream<Path> rest = Files.newDirectoryStream(dir)) {
            boolean onlyMarker = true;
            for (Path f : rest) {
                onlyMarker &= f.getFileName().toString().equals(MARKER);
            }
            if (onlyMarker) {
                Files.deleteIfExists(dir.resolve(MARKER));
                Files.delete(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + dir, e);
        }
    }

    /** True if another process (or this one) holds the file lock H2 takes on an open store. */
    private static boolean locked(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot check whether " + file + " is in use", e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    static boolean isQuickstartFile(String name) {
        if (name.equals(SHOP_DB) || name.startsWith(SHOP_DB + "-")) { // -journal, -wal, -shm
            return true;
        }
        // H2 file stores: state.mv.db, state.trace.db, state.lock.db, older state.h2.db, temp files.
        return name.equals(CONFIG) || name.startsWith(STATE + ".");
    }

    /** Reads the shop database and the sandbox's store of {@code dir} back into memory. */
    static Dataset read(Path dir) {
        try {
            Map<String, List<Row>> hubspot = HubSpotSeed.read(dir.resolve(HUBSPOT_SANDBOX),
                    QuickstartSchema.HUBSPOT_COMPANIES, QuickstartSchema.HUBSPOT_CONTACTS,
                    QuickstartSchema.HUBSPOT_DEALS, QuickstartSchema.HUBSPOT_PRODUCTS);
            Path shop = dir.resolve(SHOP_DB);
            return new Dataset(
                    SqliteStore.read(shop, QuickstartSchema.SHOP_COMPANIES),
                    SqliteStore.read(shop, QuickstartSchema.SHOP_CONTACTS),
                    hubspot.get(QuickstartSchema.HUBSPOT_COMPANIES), hubspot.get(QuickstartSchema.HUBSPOT_CONTACTS),
                    SqliteStore.read(shop, QuickstartSchema.SHOP_DEALS),
                    hubspot.get(QuickstartSchema.HUBSPOT_DEALS),
                    SqliteStore.read(shop, QuickstartSchema.SHOP_PRODUCTS),
                    hubspot.get(QuickstartSchema.HUBSPOT_PRODUCTS));
        } catch (SQLException e) {
            throw new UncheckedIOException("Cannot read the quickstart databases in " + dir,
                    new IOException(e.getMessage(), e));
        }
    }

    /**
     * How the YAML names {@code dir}: as given (forward slashes) when relative, relative to the working
     * directory when inside it, otherwise absolute.
     */
    static String configLocation(Path dir) {
        Path normal = dir.normalize();
        if (normal.isAbsolute()) {
            Path cwd = Path.of("").toAbsolutePath().normalize();
            normal = normal.startsWith(cwd) && !normal.equals(cwd) ? cwd.relativize(normal) : normal;
        }
        String text = normal.toString().replace('\\', '/');
        return text.isEmpty() ? "." : text;
    }
}
