package io.mic.models.tf.training;

/**
 * Learning-rate schedule: the rate for a global step (0-based) of a run of {@code totalSteps}.
 * Implementations are pure functions, so a resumed run continues the same curve.
 */
@FunctionalInterface
public interface LearningRate {

    double at(long step, long totalSteps);

    static LearningRate constant(double lr) {
        check(lr);
        return (s, t) -> lr;
    }

    /** {@code lr * gamma^(step / every)}. */
    static LearningRate step(double lr, long every, double gamma) {
        check(lr);
        if (every <= 0 || !(gamma > 0)) {
            throw new IllegalArgumentException("step schedule needs every > 0 and gamma > 0");
        }
        return (s, t) -> lr * Math.pow(gamma, (double) (s / every));
    }

    /**
     * Linear warm-up over {@code warmup} steps, then cosine decay from {@code lr} to
     * {@code minLr} at the last step.
     */
    static LearningRate cosine(double lr, double minLr, long warmup) {
        check(lr);
        if (minLr < 0 || minLr > lr || warmup < 0) {
            throw new IllegalArgumentException("cosine schedule needs 0 <= minLr <= lr and warmup >= 0");
        }
        return (s, t) -> {
            if (s < warmup) {
                return lr * (s + 1) / warmup;
            }
            long span = Math.max(1, t - warmup - 1);
            double p = Math.min(1.0, (double) (s - warmup) / span);
            return minLr + 0.5 * (lr - minLr) * (1 + Math.cos(Math.PI * p));
        };
    }

    private static void check(double lr) {
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("learning rate must be > 0, got " + lr);
        }
    }
}
