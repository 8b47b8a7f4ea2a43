package io.mic.models.tf;

/**
 * A NaN or infinity in the loss or a gradient. Thrown before any parameter of the step was
 * updated, so the in-memory parameters and the last checkpoint are both still good.
 */
public final class NonFiniteException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long step;
    private final String tensor;

    public NonFiniteException(long step, String tensor, String detail) {
        super("step " + step + ": non-finite value in " + tensor + " (" + detail + ")");
        this.step = step;
        this.tensor = tensor;
    }

    /** Global step (0-based) at which it happened. */
    public long step() {
        return step;
    }

    /** Name of the tensor, e.g. {@code loss}, {@code gradient of table 'items'}, {@code gradient of param 'user/w0'}. */
    public String tensor() {
        return tensor;
    }
}
