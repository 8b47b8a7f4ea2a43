package io.mic.core.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a dataset in the UniSRec downstream format (Hou et al., KDD'22), the layout of the Amazon
 * "Scientific", "Office", ... sequential datasets. Files (each plain or {@code .gz}, UTF-8):
 * <ul>
 *   <li>{@code <p>.item2index}, {@code <p>.user2index}: {@code external<TAB>index}, indexes exactly
 *       {@code 0..n-1}. Internal ids equal these indexes and the external ids are the ASINs /
 *       reviewer ids. Every indexed user and item is kept, also one without interactions (an item
 *       with text but no interactions is a cold item, which inductive text models can use).</li>
 *   <li>{@code <p>.text}: header {@code item_id:token<TAB>text:token_seq}, then {@code ASIN<TAB>text};
 *       becomes the item field {@code text} (TEXT, {@code ""} for items without a row).</li>
 *   <li>{@code <p>.train.inter}, {@code <p>.valid.inter}, {@code <p>.test.inter}: header
 *       {@code user_id:token<TAB>item_id_list:token_seq<TAB>item_id:token}; rows hold a user index, the
 *       space-separated item indexes before the target (capped at the last 50 in the published files) and
 *       the target item index. Train has one row per prefix, valid and test one row per user.</li>
 * </ul>
 *
 * <p>Each user's full sequence is rebuilt from the shortest train prefix followed by every train
 * target in prefix order, then the valid target, then the test target. (The test row alone would
 * lose the items before its 50-item history window: on Scientific that gives 59,384 interactions
 * instead of the 59,427 the UniSRec paper reports, which this reconstruction reproduces.) Every
 * row's history must equal the items of the sequence right before its target, which checks that
 * the three files agree; a violation is a {@link DataFormatException} at that row's line.
 * Timestamps are sequence positions {@code 0, 1, 2, ...}; split tags follow the file each
 * interaction came from, which for the published files is: last = test, second last = valid,
 * the rest = train. A user may repeat an item (re-purchases are kept).
 */
public final class UniSRecLoader {
    private static final Logger LOG = LoggerFactory.getLogger(UniSRecLoader.class);
    private static final Charset UTF8 = StandardCharsets.UTF_8;

    private UniSRecLoader() {
    }

    /**
     * @param dir    the directory holding the files
     * @param prefix the file prefix (also the dataset name), or null to use the single
     *               {@code *.text}/{@code *.text.gz} in {@code dir}
     */
    public static Dataset load(Path dir, String prefix) {
        long t0 = System.nanoTime();
        String p = prefix != null ? prefix : detectPrefix(dir);
        IdMap items = IdMap.of(Arrays.asList(readIndex(DataFiles.resolve(dir, p + ".item2index"))));
        IdMap users = IdMap.of(Arrays.asList(readIndex(DataFiles.resolve(dir, p + ".user2index"))));
        String[] text = readText(DataFiles.resolve(dir, p + ".text"), items);
        Path trainFile = DataFiles.resolve(dir, p + ".train.inter");
        Rows train = readInter(trainFile, users.size(), items.size(), false);
        if (train.size() == 0) {
            throw new DataFormatException(trainFile, 0, "no interactions (the file is empty or has only a header or blank lines)");
        }
        Rows valid = readInter(DataFiles.resolve(dir, p + ".valid.inter"), users.size(), items.size(), true);
        Rows test = readInter(DataFiles.resolve(dir, p + ".test.inter"), users.size(), items.size(), true);

        int[] trainOffsets = train.byUserOffsets(users.size());
        int[] trainOrder = train.byUserOrder(trainOffsets);
        InteractionBuffer out = new InteractionBuffer(train.size() + valid.size() + test.size() + users.size(), false, true);
        IntList tags = new IntList(out.size());
        IntList seq = new IntList(256);
        for (int u = 0; u < users.size(); u++) {
            seq.clear();
            int from = trainOffsets[u];
            int to = trainOffsets[u + 1];
            int k = to - from;
            int v = valid.rowOfUser(u);
            int t = test.rowOfUser(u);
            if (t < 0) {
                if (k > 0 || v >= 0) {
                    throw new DataFormatException(test.file, 0, "user " + u + " ('" + users.external(u) + "') has rows in "
                            + (k > 0 ? train.file.getFileName() : valid.file.getFileName()) + " but none here");
                }
                continue;
            }
            if (k > 0) {
                // UniSRec writes the longest prefix first; equal lengths (all capped) keep that assumption and the checks below verify it
                boolean descending = train.histLen(trainOrder[from]) >= train.histLen(trainOrder[to - 1]);
                for (int j = 0; j < k; j++) {
                    int r = trainOrder[descending ? to - 1 - j : from + j];
                    extend(train, r, seq, tags, Dataset.TAG_TRAIN);
                }
            }
            if (v >= 0) {
                extend(valid, v, seq, tags, Dataset.TAG_VALID);
            }
            extend(test, t, seq, tags, Dataset.TAG_TEST);
            for (int i = 0; i < seq.size(); i++) {
                out.add(u, seq.get(i), 0f, i);
            }
        }
        byte[] tagArr = new byte[tags.size()];
        for (int i = 0; i < tagArr.length; i++) {
            tagArr[i] = (byte) tags.get(i);
        }
        Dataset d = new Dataset(p, users, items, out.users(), out.items(), null, out.times(), tagArr, List.of(),
                List.of(new FieldData.Text("text", text)));
        LOG.debug("loaded {} from {} in {} ms", d, dir, (System.nanoTime() - t0) / 1_000_000);
        return d;
    }

    /**
     * Appends row {@code r}'s target to the sequence after checking that its history is what precedes
     * it; the first row of a user (empty sequence so far) instead contributes its history as train items.
     */
    private static void extend(Rows rows, int r, IntList seq, IntList tags, byte tag) {
        int hs = rows.histStart(r);
        int hl = rows.histLen(r);
        if (seq.size() == 0) {
            for (int i = 0; i < hl; i++) {
                seq.add(rows.hist.get(hs + i));
                tags.add(Dataset.TAG_TRAIN);
            }
        } else {
            boolean ok = hl <= seq.size();
            for (int i = 0; ok && i < hl; i++) {
                ok = rows.hist.get(hs + i) == seq.get(seq.size() - hl + i);
            }
            if (!ok) {
                throw new DataFormatException(rows.file, rows.line(r), "item_id_list",
                        "expected the last " + Math.min(hl, seq.size()) + " items of user " + rows.user(r) + "'s sequence so far "
                                + tail(seq, Math.max(1, Math.min(hl, seq.size()))) + ", got " + slice(rows.hist, hs, hl)
                                + " (train/valid/test rows disagree)");
            }
        }
        seq.add(rows.target(r));
        tags.add(tag);
    }

    private static String tail(IntList l, int n) {
        return slice(l, l.size() - n, n);
    }

    private static String slice(IntList l, int from, int n) {
        StringBuilder b = new StringBuilder("[");
        int shown = Math.min(n, 8);
        for (int i = 0; i < shown; i++) {
            b.append(i == 0 ? "" : " ").append(l.get(from + n - shown + i));
        }
        return (n > shown ? "[... " + b.substring(1) : b.toString()) + "]";
    }

    private static String detectPrefix(Path dir) {
        List<String> found = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path f : ds) {
                String n = f.getFileName().toString();
                if (n.endsWith(".text") && n.length() > 5) {
                    found.add(n.substring(0, n.length() - 5));
                } else if (n.endsWith(".text.gz") && n.length() > 8) {
                    found.add(n.substring(0, n.length() - 8));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        found = new ArrayList<>(new TreeSet<>(found));
        if (found.size() != 1) {
            throw new IllegalArgumentException(found.isEmpty() ? "no *.text or *.text.gz in " + dir + ": not a UniSRec dataset directory"
                    : "several UniSRec datasets in " + dir + " " + found + ": give the prefix");
        }
        return found.get(0);
    }

    /** {@code external<TAB>index} lines, indexes exactly 0..n-1 in any order; returns externals by index. */
    private static String[] readIndex(Path file) {
        List<String> ext = new ArrayList<>();
        IntList idx = new IntList(1024);
        IntList lines = new IntList(1024);
        try (LineScanner in = LineScanner.open(file, UTF8)) {
            while (in.next()) {
                if (in.split((byte) '\t') != 2) {
                    in.requireFields(2, "external id<TAB>index");
                }
                int i = in.parseInt(1, "index");
                if (i < 0) {
                    throw in.error("index", "expected an index >= 0, got '" + in.string(1) + "'");
                }
                ext.add(in.string(0));
                idx.add(i);
                lines.add((int) in.lineNumber());
            }
        }
        int n = ext.size();
        String[] byIndex = new String[n];
        int[] lineOf = new int[n];
        HashMap<String, Integer> seen = new HashMap<>(n * 2);
        for (int k = 0; k < n; k++) {
            int i = idx.get(k);
            if (i >= n) {
                throw new DataFormatException(file, lines.get(k), "index", "expected an index below " + n + " (the number of lines), got '" + i + "'");
            }
            if (byIndex[i] != null) {
                throw new DataFormatException(file, lines.get(k), "index", "index " + i + " already given at line " + lineOf[i]);
            }
            Integer prev = seen.put(ext.get(k), lines.get(k));
            if (prev != null) {
                throw new DataFormatException(file, lines.get(k), "external id", "duplicate id '" + ext.get(k) + "' (first at line " + prev + ")");
            }
            byIndex[i] = ext.get(k);
            lineOf[i] = lines.get(k);
        }
        return byIndex;
    }

    private static String[] readText(Path file, IdMap items) {
        String[] text = new String[items.size()];
        long[] lineOf = new long[items.size()];
        try (LineScanner in = LineScanner.open(file, UTF8)) {
            AtomicHeader h = AtomicHeader.read(in);
            int idCol = h.require(in, "item_id");
            int textCol = h.require(in, "text");
            int cols = h.size();
            while (in.next()) {
                int n = in.split((byte) '\t');
                if (n < cols) {
                    in.requireFields(cols, h.describe());
                }
                int it = items.get(in.string(idCol));
                if (it < 0) {
                    throw in.error("item_id", "unknown item '" + in.string(idCol) + "' (not in the item2index file)");
                }
                if (text[it] != null) {
                    throw in.error("item_id", "item '" + in.string(idCol) + "' already has a text at line " + lineOf[it]);
                }
                // text may itself contain tabs when it is the last column: keep them
                text[it] = textCol == cols - 1 && n > cols
                        ? new String(in.buffer(), in.start(textCol), in.end(n - 1) - in.start(textCol), UTF8).trim()
                        : in.string(textCol).trim();
                lineOf[it] = in.lineNumber();
            }
        }
        int missing = 0;
        for (int i = 0; i < text.length; i++) {
            if (text[i] == null) {
                text[i] = "";
                missing++;
            }
        }
        if (missing > 0) {
            LOG.warn("{}: {} of {} items have no text", file, missing, text.length);
        }
        return text;
    }

    private static Rows readInter(Path file, int numUsers, int numItems, boolean onePerUser) {
        Rows rows = new Rows(file, onePerUser ? numUsers : 0);
        try (LineScanner in = LineScanner.open(file, UTF8)) {
            AtomicHeader h = AtomicHeader.read(in);
            int uCol = h.require(in, "user_id");
            int hCol = h.require(in, "item_id_list");
            int tCol = h.require(in, "item_id");
            int cols = h.size();
            while (in.next()) {
                if (in.split((byte) '\t') != cols) {
                    in.requireFields(cols, h.describe());
                }
                int u = in.parseInt(uCol, "user_id");
                if (u < 0 || u >= numUsers) {
                    throw in.error("user_id", "expected a user index in [0, " + numUsers + ") (user2index), got '" + in.string(uCol) + "'");
                }
                int start = rows.hist.size();
                int len = in.parseInts(hCol, (byte) ' ', "item_id_list", rows.hist);
                for (int i = start; i < start + len; i++) {
                    if (rows.hist.get(i) >= numItems) {
                        throw in.error("item_id_list", "expected item indexes in [0, " + numItems + ") (item2index), got '" + rows.hist.get(i) + "'");
                    }
                }
                int t = in.parseInt(tCol, "item_id");
                if (t < 0 || t >= numItems) {
                    throw in.error("item_id", "expected an item index in [0, " + numItems + ") (item2index), got '" + in.string(tCol) + "'");
                }
                if (onePerUser && rows.rowOfUser(u) >= 0) {
                    throw in.error("user_id", "user " + u + " already has a row at line " + rows.line(rows.rowOfUser(u)) + " (one row per user expected)");
                }
                rows.add(u, start, len, t, in.lineNumber());
            }
        }
        return rows;
    }

    /** Rows of one .inter file, columnar; histories are slices of {@link #hist}. */
    private static final class Rows {
        final Path file;
        final IntList hist = new IntList(1 << 12);
        private final IntList user = new IntList(1 << 10);
        private final IntList histStart = new IntList(1 << 10);
        private final IntList histLen = new IntList(1 << 10);
        private final IntList target = new IntList(1 << 10);
        private final IntList line = new IntList(1 << 10);
        private final int[] rowOfUser;

        Rows(Path file, int numUsers) {
            this.file = file;
            this.rowOfUser = new int[numUsers];
            Arrays.fill(rowOfUser, -1);
        }

        void add(int u, int start, int len, int t, long lineNo) {
            if (rowOfUser.length > 0) {
                rowOfUser[u] = user.size();
            }
            user.add(u);
            histStart.add(start);
            histLen.add(len);
            target.add(t);
            line.add((int) lineNo);
        }

        int size() {
            return user.size();
        }

        int user(int r) {
            return user.get(r);
        }

        int histStart(int r) {
            return histStart.get(r);
        }

        int histLen(int r) {
            return histLen.get(r);
        }

        int target(int r) {
            return target.get(r);
        }

        long line(int r) {
            return line.get(r);
        }

        int rowOfUser(int u) {
            return rowOfUser[u];
        }

        /** CSR offsets of rows grouped by user. */
        int[] byUserOffsets(int numUsers) {
            int[] off = new int[numUsers + 1];
            for (int r = 0; r < size(); r++) {
                off[user.get(r) + 1]++;
            }
            for (int u = 0; u < numUsers; u++) {
                off[u + 1] += off[u];
            }
            return off;
        }

        /** Row indexes grouped by user, file order within a user. */
        int[] byUserOrder(int[] offsets) {
            int[] cursor = Arrays.copyOf(offsets, offsets.length - 1);
            int[] order = new int[size()];
            for (int r = 0; r < size(); r++) {
                order[cursor[user.get(r)]++] = r;
            }
            return order;
        }
    }
}
