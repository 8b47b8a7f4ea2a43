package io.mic.models.tf;

import java.util.Arrays;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The inputs of one run of a {@link StepGraph}, plus that run's scratch buffers (distinct ids,
 * gathered rows, gradients), reused from step to step. One {@code Feeds} per thread; get it from
 * {@link StepGraph#newFeeds()}, {@link #clear()} it, set every input, run.
 *
 * <p>Arrays passed in are referenced, not copied, until the run returns: do not change them
 * in between. Ids are validated against the table size when the run prepares them.
 */
public final class Feeds {
    final StepGraph graph;
    // per lookup
    final int[][] ids;
    final int[] batch;
    final int[] length;
    final boolean[] lookupFed;
    final int[][] index;
    final float[][] mask;
    // per data input
    final Object[] data;
    final long[][] shapes;
    // per table
    final IdIndex[] distinct;
    final float[][] rows;
    final float[][] rowGrads;
    final int[] rowCount;
    // per dense parameter
    final float[][] denseGrads;

    Feeds(StepGraph graph) {
        this.graph = graph;
        int l = graph.lookups.size();
        ids = new int[l][];
        batch = new int[l];
        length = new int[l];
        lookupFed = new boolean[l];
        index = new int[l][0];
        mask = new float[l][0];
        int in = graph.inputNames.size();
        data = new Object[in];
        shapes = new long[in][];
        int t = graph.tables.size();
        distinct = new IdIndex[t];
        rows = new float[t][0];
        rowGrads = new float[t][0];
        rowCount = new int[t];
        for (int i = 0; i < t; i++) {
            distinct[i] = new IdIndex();
        }
        denseGrads = new float[graph.params.size()][];
        for (int i = 0; i < denseGrads.length; i++) {
            denseGrads[i] = new float[graph.params.get(i).size()];
        }
    }

    /** Forgets every input (scratch buffers are kept). */
    public Feeds clear() {
        Arrays.fill(lookupFed, false);
        Arrays.fill(ids, null);
        Arrays.fill(data, null);
        Arrays.fill(shapes, null);
        return this;
    }

    private Lookup own(Lookup l) {
        if (l.ordinal >= graph.lookups.size() || graph.lookups.get(l.ordinal) != l) {
            throw new IllegalArgumentException(l + " belongs to another graph");
        }
        return l;
    }

    /** One id per example ({@code ids.length} = batch size); -1 is padding (a zero row). */
    public Feeds ids(Lookup l, int[] ids) {
        own(l);
        if (l.isSequence()) {
            throw new IllegalArgumentException("lookup '" + l.name() + "' is a sequence: use ids(lookup, ids, batch, length)");
        }
        set(l, ids, ids.length, 1);
        return this;
    }

    /** {@code batch x length} ids, row-major, padded with -1. */
    public Feeds ids(Lookup l, int[] ids, int batch, int length) {
        own(l);
        if (!l.isSequence()) {
            throw new IllegalArgumentException("lookup '" + l.name() + "' takes one id per example: use ids(lookup, ids)");
        }
        if (batch < 0 || length < 1 || ids.length < (long) batch * length) {
            throw new IllegalArgumentException("lookup '" + l.name() + "': " + ids.length + " ids for " + batch + " x " + length);
        }
        set(l, ids, batch, length);
        return this;
    }

    private void set(Lookup l, int[] v, int b, int len) {
        int k = l.ordinal;
        ids[k] = v;
        batch[k] = b;
        length[k] = len;
        lookupFed[k] = true;
    }

    private int input(Placeholder<?> p) {
        Integer k = graph.inputOrdinal.get(p.op().name());
        if (k == null || graph.inputPlaceholders.get(k) != p) {
            throw new IllegalArgumentException("placeholder " + p.op().name() + " is not a data input of this graph");
        }
        return k;
    }

    private static long checkShape(long[] shape, int available, String name) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("input '" + name + "': negative dimension in " + Arrays.toString(shape));
            }
            n *= d;
        }
        if (n > available) {
            throw new IllegalArgumentException("input '" + name + "': shape " + Arrays.toString(shape) + " needs " + n + " values, got " + available);
        }
        return n;
    }

    /** Float data for a {@link GraphBuilder#floatInput}; the first {@code prod(shape)} values are used. */
    public Feeds floats(Placeholder<TFloat32> p, float[] values, long... shape) {
        int k = input(p);
        checkShape(shape, values.length, graph.inputNames.get(k));
        data[k] = values;
        shapes[k] = shape.clone();
        return this;
    }

    /** Int data for a {@link GraphBuilder#intInput}. */
    public Feeds ints(Placeholder<TInt32> p, int[] values, long... shape) {
        int k = input(p);
        checkShape(shape, values.length, graph.inputNames.get(k));
        data[k] = values;
        shapes[k] = shape.clone();
        return this;
    }

    /**
     * Distinct ids of {@code table} in the last prepared run, in the order of the fed rows (row
     * {@code i} of the table placeholder is id {@code distinctIds(t)[i]}); valid for
     * {@link #distinctCount} entries. Owned by this object.
     */
    public int[] distinctIds(TableInput t) {
        return distinct[t.ordinal].unique();
    }

    public int distinctCount(TableInput t) {
        return rowCount[t.ordinal];
    }

    /** Gradient of {@code p} after the last {@link StepGraph#train} (clipped); owned by this object. */
    public float[] paramGradient(DenseParam p) {
        int k = graph.params.indexOf(p);
        if (k < 0) {
            throw new IllegalArgumentException(p + " is not a parameter of this graph");
        }
        return denseGrads[k];
    }

    /** Gradient w.r.t. the distinct rows of {@code t} after the last {@link StepGraph#train} ({@code distinctCount x dim}, clipped). */
    public float[] rowGradients(TableInput t) {
        return rowGrads[t.ordinal];
    }
}
