package io.mic.models.tf.export;

import io.mic.models.tf.GraphBuilder;
import io.mic.models.tf.TableInput;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * One named function of an exported model, such as {@code serving_user} or {@code serving_item}:
 * a callback that builds the tower over a {@link GraphBuilder} in export mode and returns its
 * output tensors by key. The signature's inputs are exactly the lookups
 * ({@link TableInput#lookup}, {@link TableInput#lookupSequence}) and data inputs
 * ({@link GraphBuilder#intInput}, {@link GraphBuilder#floatInput}) the callback creates, keyed by
 * their names; lookups take raw int32 ids, {@code -1} = padding.
 *
 * <p>Write the tower once as a method over {@link GraphBuilder} and call it from the training
 * graph, the in-process inference graph and the export signature alike:
 *
 * <pre>{@code
 * Operand<TFloat32> userTower(GraphBuilder gb) {
 *     Lookup id = gb.table(users).lookup("user_id");
 *     Lookup hist = gb.table(items).lookupSequence("history");
 *     Operand<TFloat32> x = gb.tf().concat(List.of(id.values(), Layers.maskedMean(gb.tf(), hist.values(), hist.mask())), gb.tf().constant(1));
 *     return userMlp.apply(gb, x);
 * }
 * ExportSignature.of("serving_user", "user_vector", this::userTower);
 * }</pre>
 *
 * <p>Names: the signature name and every input and output key must match
 * {@code [A-Za-z_][A-Za-z0-9_]*} (they become TF scope names and Python keyword arguments).
 */
public final class ExportSignature {
    /** Signature names and input/output keys. */
    static final String KEY = "[A-Za-z_][A-Za-z0-9_]*";

    /** Builds a signature's outputs; called once, on the exporting thread. */
    @FunctionalInterface
    public interface Body {
        /** Builds the tower in {@code gb} (export mode) and returns its outputs by key, in order. */
        Map<String, Operand<?>> outputs(GraphBuilder gb);
    }

    private final String name;
    private final Body body;

    private ExportSignature(String name, Body body) {
        if (name == null || !name.matches(KEY)) {
            throw new IllegalArgumentException("signature name must match " + KEY + ", got '" + name + "'");
        }
        this.name = name;
        this.body = Objects.requireNonNull(body, "body");
    }

    /** A signature with one float output {@code output} (e.g. {@code "user_vector"}, {@code [B, d]} or {@code [B, K, d]}). */
    public static ExportSignature of(String name, String output, Function<GraphBuilder, Operand<TFloat32>> tower) {
        Objects.requireNonNull(tower, "tower");
        return new ExportSignature(name, gb -> {
            Map<String, Operand<?>> m = new LinkedHashMap<>();
            m.put(output, tower.apply(gb));
            return m;
        });
    }

    /** A signature with several outputs (e.g. the vectors and the attention weights). */
    public static ExportSignature withOutputs(String name, Body body) {
        return new ExportSignature(name, body);
    }

    public String name() {
        return name;
    }

    Body body() {
        return body;
    }

    @Override
    public String toString() {
        return "ExportSignature[" + name + "]";
    }
}
