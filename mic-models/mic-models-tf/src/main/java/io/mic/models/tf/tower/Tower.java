package io.mic.models.tf.tower;

import io.mic.models.tf.Feeds;
import io.mic.models.tf.Lookup;
import io.mic.spi.Column;
import io.mic.spi.FeatureBatch;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * One instance of a tower inside one graph: its output {@code [B, dim]} and how to feed it from a
 * {@link FeatureBatch}. Built by {@link TowerEncoder#userTower}/{@link TowerEncoder#itemTower}.
 *
 * <p>Inputs: each {@link Input} reads one column of the batch. {@code Ids} columns feed one id per
 * row ({@link Column#MISSING} becomes the zero padding row, so a masked field contributes a zero
 * embedding); {@code MultiIds} columns are padded to the longest row with {@code -1} and
 * mean-pooled over their real ids (an empty row pools to zero). A column the tower reads but the
 * batch lacks is an error naming it.
 *
 * <p>Not thread-safe (feeding uses the caller's {@link Feeds}, one per thread).
 */
public final class Tower {
    /** One column read by the tower through a table lookup. */
    public record Input(String column, Lookup lookup) {
    }

    private final Operand<TFloat32> output;
    private final List<Input> inputs;
    private final Placeholder<TFloat32> dropoutMask;
    private final int inputWidth;

    /**
     * @param output      the tower's vectors {@code [B, dim]}
     * @param inputs      the columns it reads, each through a lookup of the same graph
     * @param dropoutMask the fed {@code [B, inputWidth]} embedding-dropout mask, or null for none
     * @param inputWidth  width of the concatenated input embeddings
     */
    public Tower(Operand<TFloat32> output, List<Input> inputs, Placeholder<TFloat32> dropoutMask, int inputWidth) {
        this.output = output;
        this.inputs = List.copyOf(inputs);
        this.dropoutMask = dropoutMask;
        this.inputWidth = inputWidth;
    }

    /** The tower's vectors {@code [B, dim]}. */
    public Operand<TFloat32> output() {
        return output;
    }

    /** Width of the concatenated input embeddings (the dropout mask is {@code B x inputWidth}). */
    public int inputWidth() {
        return inputWidth;
    }

    /** Whether this instance takes a dropout mask. */
    public boolean hasDropout() {
        return dropoutMask != null;
    }

    /**
     * Feeds {@code batch}. {@code mask} is the {@code batch.size() x inputWidth()} dropout mask when
     * the instance has dropout (null there means no dropout: a mask of ones is fed); it must be null
     * otherwise. Arrays are referenced until the run returns.
     */
    public void feed(Feeds feeds, FeatureBatch batch, float[] mask) {
        int b = batch.size();
        for (Input in : inputs) {
            Column c = batch.column(in.column());
            if (c == null) {
                throw new IllegalArgumentException("tower input '" + in.column() + "' missing from the batch; columns: " + batch.names());
            }
            if (in.lookup().isSequence()) {
                if (!(c instanceof Column.MultiIds m)) {
                    throw new IllegalArgumentException("tower input '" + in.column() + "' must be MultiIds, got " + c.getClass().getSimpleName());
                }
                int len = 1;
                for (int r = 0; r < b; r++) {
                    len = Math.max(len, m.length(r));
                }
                int[] ids = new int[b * len];
                java.util.Arrays.fill(ids, -1);
                int[] off = m.offsets();
                int[] val = m.values();
                for (int r = 0; r < b; r++) {
                    System.arraycopy(val, off[r], ids, r * len, off[r + 1] - off[r]);
                }
                feeds.ids(in.lookup(), ids, b, len);
            } else {
                if (!(c instanceof Column.Ids ids)) {
                    throw new IllegalArgumentException("tower input '" + in.column() + "' must be Ids, got " + c.getClass().getSimpleName());
                }
                feeds.ids(in.lookup(), ids.values());
            }
        }
        if (dropoutMask != null) {
            float[] m = mask;
            if (m == null) {
                m = new float[b * inputWidth];
                java.util.Arrays.fill(m, 1f);
            }
            feeds.floats(dropoutMask, m, b, inputWidth);
        } else if (mask != null) {
            throw new IllegalArgumentException("this tower instance was built without dropout");
        }
    }
}
