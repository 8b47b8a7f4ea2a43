package io.mic.core.data;

import java.util.ArrayList;
import java.util.List;

/** The {@code name:type} header line of a RecBole atomic file (also used by the UniSRec files). */
final class AtomicHeader {
    private final String[] names;
    private final String[] types;

    private AtomicHeader(String[] names, String[] types) {
        this.names = names;
        this.types = types;
    }

    /** Reads the header from the scanner's first non-empty line (already split at tabs by this method). */
    static AtomicHeader read(LineScanner in) {
        if (!in.next()) {
            throw new DataFormatException(in.file(), 0, "expected a header line 'field:type<TAB>...', got an empty file");
        }
        int n = in.split((byte) '\t');
        String[] names = new String[n];
        String[] types = new String[n];
        for (int f = 0; f < n; f++) {
            String col = in.string(f).trim();
            int colon = col.lastIndexOf(':');
            if (colon <= 0 || colon == col.length() - 1) {
                throw in.error("field " + (f + 1), "expected 'name:type' in the header, got '" + LineScanner.shorten(col) + "'");
            }
            names[f] = col.substring(0, colon);
            types[f] = col.substring(colon + 1);
            for (int g = 0; g < f; g++) {
                if (names[g].equals(names[f])) {
                    throw in.error(names[f], "duplicate column in the header");
                }
            }
        }
        return new AtomicHeader(names, types);
    }

    int size() {
        return names.length;
    }

    String name(int f) {
        return names[f];
    }

    String type(int f) {
        return types[f];
    }

    /** Column index of {@code name}, or -1. */
    int indexOf(String name) {
        for (int f = 0; f < names.length; f++) {
            if (names[f].equals(name)) {
                return f;
            }
        }
        return -1;
    }

    /** Column index of {@code name}; absent is an error at the header line listing the columns present. */
    int require(LineScanner in, String name) {
        int f = indexOf(name);
        if (f < 0) {
            throw in.error(name, "required column missing from the header (columns: " + describe() + ")");
        }
        return f;
    }

    String describe() {
        List<String> cols = new ArrayList<>();
        for (int f = 0; f < names.length; f++) {
            cols.add(names[f] + ":" + types[f]);
        }
        return String.join(", ", cols);
    }
}
