package io.mic.models.tf;

import io.mic.models.tf.tables.EmbeddingTable;
import io.mic.models.tf.training.Trainer;


/**
 * Update rule for a parameter: chosen per {@link EmbeddingTable} and per {@link DenseParam}; the
 * learning rate is not part of it (the {@link Trainer} passes it per step from its schedule).
 *
 * <p>On embedding tables the rules are the sparse variants: {@link Adagrad} keeps <em>one</em>
 * accumulator per row (row-wise Adagrad, {@code acc += mean(g^2)}), which halves table memory
 * against per-weight accumulators at the same step time; {@link Adam} is lazy (only rows in the
 * batch move) and bias-corrects with each row's own update count. On dense parameters both are the
 * textbook per-weight rules. State is created on a row's first update and is checkpointed.
 */
public sealed interface Optimizer permits Optimizer.Sgd, Optimizer.Adagrad, Optimizer.Adam {

    /** Plain SGD: {@code w -= lr * g}; no state. */
    record Sgd() implements Optimizer {
    }

    /**
     * Adagrad: {@code acc += g^2} (row-wise on tables: {@code acc_row += mean_j g_j^2}),
     * {@code w -= lr * g / (sqrt(acc) + epsilon)}; {@code acc} starts at {@code initialAccumulator}.
     */
    record Adagrad(float initialAccumulator, float epsilon) implements Optimizer {
        public Adagrad {
            if (!(initialAccumulator >= 0f) || !(epsilon > 0f)) {
                throw new IllegalArgumentException("adagrad needs initialAccumulator >= 0 and epsilon > 0, got "
                        + initialAccumulator + ", " + epsilon);
            }
        }
    }

    /** Adam with bias correction; on tables lazy, with per-row step counts. */
    record Adam(float beta1, float beta2, float epsilon) implements Optimizer {
        public Adam {
            if (!(beta1 >= 0f && beta1 < 1f) || !(beta2 >= 0f && beta2 < 1f) || !(epsilon > 0f)) {
                throw new IllegalArgumentException("adam needs 0 <= beta < 1 and epsilon > 0, got "
                        + beta1 + ", " + beta2 + ", " + epsilon);
            }
        }
    }

    static Optimizer sgd() {
        return new Sgd();
    }

    /** TF's defaults: initial accumulator 0.1, epsilon 1e-7. */
    static Optimizer adagrad() {
        return new Adagrad(0.1f, 1e-7f);
    }

    /** beta1 0.9, beta2 0.999, epsilon 1e-8. */
    static Optimizer adam() {
        return new Adam(0.9f, 0.999f, 1e-8f);
    }

    /** By config name: {@code adam}, {@code adagrad} or {@code sgd} (the defaults above); anything else is an error listing them. */
    static Optimizer named(String name) {
        return switch (name == null ? "" : name) {
            case "adam" -> adam();
            case "adagrad" -> adagrad();
            case "sgd" -> sgd();
            default -> throw new IllegalArgumentException("unknown optimizer '" + name + "' (adam, adagrad, sgd)");
        };
    }

    /** The name {@link #named} reads back ({@code adam}, {@code adagrad}, {@code sgd}). */
    default String kind() {
        return this instanceof Adam ? "adam" : this instanceof Adagrad ? "adagrad" : "sgd";
    }

    /** Stable code written into checkpoints. */
    default int code() {
        if (this instanceof Sgd) {
            return 0;
        } else if (this instanceof Adagrad) {
            return 1;
        }
        return 2;
    }

    /** Hyper-parameters as written into checkpoints (three floats; unused ones are 0). */
    default float[] params() {
        if (this instanceof Adagrad a) {
            return new float[] {a.initialAccumulator(), a.epsilon(), 0f};
        } else if (this instanceof Adam a) {
            return new float[] {a.beta1(), a.beta2(), a.epsilon()};
        }
        return new float[3];
    }

    /** Inverse of {@link #code()} + {@link #params()}. */
    static Optimizer fromCode(int code, float p0, float p1, float p2) {
        return switch (code) {
            case 0 -> new Sgd();
            case 1 -> new Adagrad(p0, p1);
            case 2 -> new Adam(p0, p1, p2);
            default -> throw new IllegalArgumentException("unknown optimizer code " + code);
        };
    }
}
