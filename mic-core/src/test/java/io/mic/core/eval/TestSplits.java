package io.mic.core.eval;

import io.mic.core.data.DataSplit;
import io.mic.core.data.Dataset;
import io.mic.core.data.IdMap;
import io.mic.core.data.InteractionMatrix;
import java.util.List;

/** Builds small {@link DataSplit}s from per-user item lists, for tests in this and other packages. */
public final class TestSplits {
    private TestSplits() {
    }

    /**
     * A split over {@code train.length} users and {@code numItems} items; {@code train[u]},
     * {@code valid[u]}, {@code test[u]} are user u's items in each part (ids are their own external ids).
     */
    public static DataSplit of(int numItems, int[][] train, int[][] valid, int[][] test) {
        int numUsers = train.length;
        if (valid.length != numUsers || test.length != numUsers) {
            throw new IllegalArgumentException("parts differ in user count");
        }
        InteractionMatrix tr = matrix(numUsers, numItems, train);
        InteractionMatrix va = matrix(numUsers, numItems, valid);
        InteractionMatrix te = matrix(numUsers, numItems, test);
        int n = tr.nnz() + va.nnz() + te.nnz();
        int[] userCol = new int[n];
        int[] itemCol = new int[n];
        int w = 0;
        for (int[][] part : new int[][][] {train, valid, test}) {
            for (int u = 0; u < numUsers; u++) {
                for (int item : part[u]) {
                    userCol[w] = u;
                    itemCol[w++] = item;
                }
            }
        }
        Dataset dataset = new Dataset("test", IdMap.range(numUsers), IdMap.range(numItems), userCol, itemCol, null, null, null,
                List.of(), List.of());
        return new DataSplit(dataset, tr, va, te, "by-hand");
    }

    /** A matrix with {@code rows[u]} as user u's items. */
    public static InteractionMatrix matrix(int numUsers, int numItems, int[][] rows) {
        int n = 0;
        for (int[] r : rows) {
            n += r.length;
        }
        int[] users = new int[n];
        int[] items = new int[n];
        int w = 0;
        for (int u = 0; u < rows.length; u++) {
            for (int item : rows[u]) {
                users[w] = u;
                items[w++] = item;
            }
        }
        return InteractionMatrix.fromColumns(numUsers, numItems, users, items, null, null, null);
    }

    /** {@code n} empty rows. */
    public static int[][] none(int n) {
        return new int[n][0];
    }
}
