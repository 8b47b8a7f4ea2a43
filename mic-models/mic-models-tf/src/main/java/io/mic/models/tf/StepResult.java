package io.mic.models.tf;

/**
 * What one training step reported. {@code metrics} follows {@link StepGraph#metricNames()} and is
 * owned by the caller.
 *
 * @param loss     the loss before the update
 * @param gradNorm global L2 norm of all gradients (sparse rows and dense) before clipping
 * @param clipped  whether the gradients were scaled down to the clip norm
 * @param examples batch size (rows of the first lookup, or of the first fed input)
 */
public record StepResult(double loss, double gradNorm, boolean clipped, float[] metrics, int examples) {
}
