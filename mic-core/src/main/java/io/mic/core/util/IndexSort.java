package io.mic.core.util;

/** Sorting of index arrays by a key looked up per element, without boxing. */
public final class IndexSort {
    private static final int INSERTION = 16;

    private IndexSort() {
    }

    /**
     * Stable sort of {@code rows[from, to)} by {@code key[row]} ascending (a merge sort, O(n) when
     * already sorted); {@code tmp} is scratch at least as long as {@code rows}.
     */
    public static void stableByKey(int[] rows, int[] tmp, int from, int to, long[] key) {
        boolean sorted = true;
        for (int k = from + 1; k < to && sorted; k++) {
            sorted = key[rows[k]] >= key[rows[k - 1]];
        }
        if (!sorted) {
            mergeSort(rows, tmp, from, to, key);
        }
    }

    private static void mergeSort(int[] a, int[] tmp, int from, int to, long[] key) {
        if (to - from <= INSERTION) {
            for (int i = from + 1; i < to; i++) {
                int v = a[i];
                long kv = key[v];
                int j = i - 1;
                while (j >= from && key[a[j]] > kv) {
                    a[j + 1] = a[j];
                    j--;
                }
                a[j + 1] = v;
            }
            return;
        }
        int mid = (from + to) >>> 1;
        mergeSort(a, tmp, from, mid, key);
        mergeSort(a, tmp, mid, to, key);
        if (key[a[mid - 1]] <= key[a[mid]]) {
            return;
        }
        System.arraycopy(a, from, tmp, from, to - from);
        int i = from;
        int j = mid;
        for (int k = from; k < to; k++) {
            if (j >= to || (i < mid && key[tmp[i]] <= key[tmp[j]])) {
                a[k] = tmp[i++];
            } else {
                a[k] = tmp[j++];
            }
        }
    }
}
