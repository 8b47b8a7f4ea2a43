package io.mic.core.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A model's own item neighbour lists ({@link io.mic.spi.ItemNeighborSource}) as a text file: a
 * header line {@code # item-neighbors items=N} and then one line per internal item id, in order,
 * holding that item's neighbour ids (best first) separated by single spaces (an empty line for
 * none). Written atomically; read back with every id checked.
 */
public final class ItemNeighborsFile {
    private static final String HEADER = "# item-neighbors items=";

    private ItemNeighborsFile() {
    }

    /** Writes {@code lists} (one per item) to {@code target} atomically. */
    public static void write(Path target, int[][] lists) throws IOException {
        validate(lists, lists.length, target.toString());
        StringBuilder sb = new StringBuilder(HEADER).append(lists.length).append('\n');
        for (int[] l : lists) {
            for (int j = 0; j < l.length; j++) {
                if (j > 0) {
                    sb.append(' ');
                }
                sb.append(l[j]);
            }
            sb.append('\n');
        }
        AtomicFiles.writeString(target, sb.toString());
    }

    /**
     * Reads lists written by {@link #write}.
     *
     * @param numItems the number of items of the data they must describe
     * @throws IOException naming {@code file:line} for a malformed line, a wrong item count, an id
     *                     out of {@code [0, numItems)}, a self loop or a repeated id
     */
    public static int[][] read(Path file, int numItems) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String h = r.readLine();
            if (h == null || !h.startsWith(HEADER)) {
                throw new IOException(file + ":1: expected '" + HEADER + "N', got '" + h + "'");
            }
            int n;
            try {
                n = Integer.parseInt(h.substring(HEADER.length()).trim());
            } catch (NumberFormatException e) {
                throw new IOException(file + ":1: bad item count '" + h + "'", e);
            }
            if (n != numItems) {
                throw new IOException(file + ":1: lists for " + n + " items, the data has " + numItems);
            }
            List<int[]> out = new ArrayList<>(n);
            String line;
            int lineNo = 1;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (out.size() == n) {
                    throw new IOException(file + ":" + lineNo + ": more than " + n + " item lines");
                }
                String t = line.trim();
                if (t.isEmpty()) {
                    out.add(new int[0]);
                    continue;
                }
                String[] parts = t.split(" ");
                int[] l = new int[parts.length];
                for (int j = 0; j < parts.length; j++) {
                    try {
                        l[j] = Integer.parseInt(parts[j]);
                    } catch (NumberFormatException e) {
                        throw new IOException(file + ":" + lineNo + ": '" + parts[j] + "' is not an item id", e);
                    }
                }
                String bad = check(l, out.size(), numItems);
                if (bad != null) {
                    throw new IOException(file + ":" + lineNo + ": " + bad);
                }
                out.add(l);
            }
            if (out.size() != n) {
                throw new IOException(file + ": " + out.size() + " item lines, the header says " + n);
            }
            return out.toArray(new int[0][]);
        }
    }

    /** Checks {@code lists} as {@link #read} does; {@code source} names them in the error. */
    public static void validate(int[][] lists, int numItems, String source) {
        if (lists.length != numItems) {
            throw new IllegalArgumentException(source + ": neighbour lists for " + lists.length + " items, the data has " + numItems);
        }
        for (int i = 0; i < lists.length; i++) {
            String bad = check(lists[i], i, numItems);
            if (bad != null) {
                throw new IllegalArgumentException(source + ": " + bad);
            }
        }
    }

    private static String check(int[] l, int item, int numItems) {
        java.util.HashSet<Integer> seen = new java.util.HashSet<>();
        for (int j : l) {
            if (j < 0 || j >= numItems) {
                return "item " + item + ": neighbour id " + j + " out of range [0, " + numItems + ")";
            }
            if (j == item) {
                return "item " + item + ": lists itself as a neighbour";
            }
            if (!seen.add(j)) {
                return "item " + item + ": neighbour " + j + " listed twice";
            }
        }
        return null;
    }
}
