package io.mic.augment;

import io.mic.spi.Samples;
import io.mic.spi.Vectors;

/** Checks on the embeddings a sampler receives in {@code refresh}. */
final class Embeddings {
    private Embeddings() {
    }

    /** The vectors of {@code target}, checked to be one finite vector per entity. */
    static Vectors of(String plugin, Samples.Target target, Vectors users, Vectors items) {
        Vectors v = target == Samples.Target.USER ? users : items;
        if (v == null) {
            throw new IllegalArgumentException(plugin + ": refresh got no " + Params.label(target) + " embeddings");
        }
        if (v.interests() != 1) {
            throw new IllegalArgumentException(plugin + ": " + Params.label(target) + " embeddings have " + v.interests()
                    + " interests per entity; this sampler needs one vector per entity");
        }
        float[] x = v.values();
        for (int i = 0; i < x.length; i++) {
            if (!Float.isFinite(x[i])) {
                throw new IllegalArgumentException(plugin + ": " + Params.label(target) + " embedding " + (i / v.dim())
                        + " has a non-finite value (" + x[i] + ") at dimension " + (i % v.dim()));
            }
        }
        return v;
    }

    /** {@code id}, checked to lie in {@code [0, entities)}; {@code row} and {@code what} go into the message. */
    static int checkId(String plugin, int id, int entities, int row, Samples.Target target) {
        if (id < 0 || id >= entities) {
            throw new IllegalArgumentException(plugin + ": row " + row + " has " + Params.label(target) + " id " + id
                    + ", outside the " + entities + " refreshed embeddings");
        }
        return id;
    }
}
