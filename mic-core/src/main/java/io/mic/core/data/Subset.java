package io.mic.core.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Restricts interaction columns to a subset of rows, users and items and renumbers users and items
 * densely in their old order, keeping every per-row column and every field aligned.
 */
final class Subset {
    private Subset() {
    }

    /**
     * @param keepRow  interactions to keep, or null for all
     * @param keepUser users to keep, or null for all; interactions of dropped users are dropped
     * @param keepItem items to keep, or null for all; interactions of dropped items are dropped
     */
    static Dataset of(String name, IdMap users, IdMap items, int[] userCol, int[] itemCol, float[] ratings, long[] times, byte[] tags,
            List<FieldData> userFields, List<FieldData> itemFields, boolean[] keepRow, boolean[] keepUser, boolean[] keepItem) {
        int[] newUser = renumber(keepUser, users.size());
        int[] newItem = renumber(keepItem, items.size());
        int n = userCol.length;
        int kept = 0;
        for (int i = 0; i < n; i++) {
            if ((keepRow == null || keepRow[i]) && newUser[userCol[i]] >= 0 && newItem[itemCol[i]] >= 0) {
                kept++;
            }
        }
        boolean sameIds = keepUser == null && keepItem == null;
        if (kept == n && sameIds) {
            return new Dataset(name, users, items, userCol, itemCol, ratings, times, tags, userFields, itemFields);
        }
        int[] u = new int[kept];
        int[] it = new int[kept];
        float[] r = ratings == null ? null : new float[kept];
        long[] t = times == null ? null : new long[kept];
        byte[] g = tags == null ? null : new byte[kept];
        int w = 0;
        for (int i = 0; i < n; i++) {
            int nu = newUser[userCol[i]];
            int ni = newItem[itemCol[i]];
            if ((keepRow == null || keepRow[i]) && nu >= 0 && ni >= 0) {
                u[w] = nu;
                it[w] = ni;
                if (r != null) {
                    r[w] = ratings[i];
                }
                if (t != null) {
                    t[w] = times[i];
                }
                if (g != null) {
                    g[w] = tags[i];
                }
                w++;
            }
        }
        IdMap nUsers = keepUser == null ? users : users.retain(keepUser);
        IdMap nItems = keepItem == null ? items : items.retain(keepItem);
        List<FieldData> uf = keepUser == null ? userFields : select(userFields, keepUser);
        List<FieldData> itf = keepItem == null ? itemFields : select(itemFields, keepItem);
        return new Dataset(name, nUsers, nItems, u, it, r, t, g, uf, itf);
    }

    /** Old id to new id (-1 when dropped); identity when {@code keep} is null. */
    private static int[] renumber(boolean[] keep, int size) {
        int[] map = new int[size];
        int next = 0;
        for (int i = 0; i < size; i++) {
            map[i] = keep == null || keep[i] ? next++ : -1;
        }
        return map;
    }

    private static List<FieldData> select(List<FieldData> fields, boolean[] keep) {
        int n = 0;
        for (boolean k : keep) {
            if (k) {
                n++;
            }
        }
        int[] rows = new int[n];
        int w = 0;
        for (int i = 0; i < keep.length; i++) {
            if (keep[i]) {
                rows[w++] = i;
            }
        }
        List<FieldData> out = new ArrayList<>(fields.size());
        for (FieldData f : fields) {
            out.add(f.select(rows));
        }
        return out;
    }

    /** Flags ids that occur in {@code col}. */
    static boolean[] used(int[] col, int size) {
        boolean[] used = new boolean[size];
        for (int v : col) {
            used[v] = true;
        }
        return used;
    }

    /** True when every flag is set (then no renumbering is needed). */
    static boolean all(boolean[] flags) {
        for (boolean f : flags) {
            if (!f) {
                return false;
            }
        }
        return true;
    }
}
