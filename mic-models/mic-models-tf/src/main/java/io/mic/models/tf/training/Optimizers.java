package io.mic.models.tf.training;

import io.mic.models.tf.Optimizer;

/** The optimizer names of trainer settings and encoder checkpoints: {@code adam}, {@code adagrad}, {@code sgd} (default hyper-parameters). */
public final class Optimizers {
    private Optimizers() {
    }

    /** The optimizer {@code name} names; a clear error listing the names for anything else (null included). */
    public static Optimizer parse(String name) {
        return switch (name == null ? "" : name) {
            case "adam" -> Optimizer.adam();
            case "adagrad" -> Optimizer.adagrad();
            case "sgd" -> Optimizer.sgd();
            default -> throw new IllegalArgumentException("unknown optimizer '" + name + "' (adam, adagrad, sgd)");
        };
    }

    /** The name {@link #parse} reads back to an optimizer of the same kind. */
    public static String name(Optimizer o) {
        return o instanceof Optimizer.Adam ? "adam" : o instanceof Optimizer.Adagrad ? "adagrad" : "sgd";
    }
}
