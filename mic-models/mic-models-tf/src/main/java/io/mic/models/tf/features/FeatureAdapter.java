package io.mic.models.tf.features;

import io.mic.models.tf.DenseParam;
import io.mic.models.tf.GraphBuilder;
import io.mic.models.tf.Lookup;
import io.mic.models.tf.Optimizer;
import io.mic.models.tf.TableInput;
import io.mic.models.tf.layers.Mlp;
import io.mic.models.tf.ops.Activation;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * A trainable adapter over frozen item features: an {@link Mlp} of configurable widths from the
 * feature width to the model's width (the per-modality adapter of MISSRec, the linear map of
 * CRM-MAN's semantic vector). Weights {@code <name>/w<i>}, {@code <name>/b<i>}; the features
 * themselves stay frozen in a {@link FeatureTable}.
 *
 * <pre>{@code
 * FeatureTable text = FeatureTable.of("text", features, ItemTexts.ids(dataset));
 * FeatureAdapter adapter = new FeatureAdapter("text-adapter", text, new int[] {256, 64}, Activation.GELU, opt, seed);
 * Operand<TFloat32> items = adapter.lookup(gb, "item").output();          // [B, 64]
 * Operand<TFloat32> hist  = adapter.lookupSequence(gb, "history").output(); // [B, L, 64], padding rows 0
 * }</pre>
 * Used in training, forward and export graphs alike (in export graphs the table becomes a
 * variable like any other; the lookups take raw ids).
 */
public final class FeatureAdapter {
    private final FeatureTable table;
    private final Mlp mlp;

    /** One application: the lookup (feed its ids) and the adapted vectors. */
    public record Applied(Lookup lookup, Operand<TFloat32> output) {
    }

    /**
     * @param widths each layer's width, the last one the model's width (e.g. {@code {256, 64}}; {@code {64}}: one linear layer)
     * @param hidden activation between layers (the last layer is linear)
     */
    public FeatureAdapter(String name, FeatureTable table, int[] widths, Activation hidden, Optimizer optimizer, long seed) {
        if (widths.length == 0) {
            throw new IllegalArgumentException("adapter '" + name + "' needs at least one layer width");
        }
        int[] sizes = new int[widths.length + 1];
        sizes[0] = table.dim();
        System.arraycopy(widths, 0, sizes, 1, widths.length);
        this.table = table;
        this.mlp = new Mlp(name, sizes, hidden, Activation.IDENTITY, optimizer, seed);
    }

    /** Adapts the frozen features of one item per example ({@code [B]} ids -> {@code [B, out]}). */
    public Applied lookup(GraphBuilder gb, String lookupName) {
        Lookup l = gb.table(table).lookup(lookupName);
        return new Applied(l, apply(gb, l.values()));
    }

    /** Adapts a padded item sequence ({@code [B, L]} ids -> {@code [B, L, out]}; padding rows are zero). */
    public Applied lookupSequence(GraphBuilder gb, String lookupName) {
        Lookup l = gb.table(table).lookupSequence(lookupName);
        Operand<TFloat32> y = apply(gb, l.values());
        return new Applied(l, gb.tf().math.mul(y, gb.tf().expandDims(l.mask(), gb.tf().constant(-1))));
    }

    /** The MLP on features already in the graph ({@code [.., in]}). */
    public Operand<TFloat32> apply(GraphBuilder gb, Operand<TFloat32> features) {
        return mlp.apply(gb, features);
    }

    /** The table view of this graph (for more lookups). */
    public TableInput table(GraphBuilder gb) {
        return gb.table(table);
    }

    public FeatureTable features() {
        return table;
    }

    public int outputDim() {
        return mlp.outputDim();
    }

    /** The adapter's trainable parameters. */
    public List<DenseParam> params() {
        return mlp.params();
    }
}
