package io.mic.models.tf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat64;

/**
 * Shared with the model modules' tests through this module's test jar. Compares TensorFlow's symbolic gradient ({@code Graph.addGradients}) of a float64 scalar with
 * central finite differences, element by element.
 *
 * <p>Tolerance: with step h = 1e-5 in float64 the truncation error of a central difference is
 * ~h^2 |f'''| / 6 ~ 1e-11 and the rounding error ~ eps |f| / h ~ 1e-11 for |f| ~ 1, so any
 * mismatch above {@code 1e-6 + 1e-5 |g|} is a wrong gradient (a missing term is O(|g|)), not noise.
 */
public final class GradientCheck {
    static final double H = 1e-5;
    static final double ABS_TOL = 1e-6;
    public static final double REL_TOL = 1e-5;

    /** A float64 input: name, shape, values (perturbed in place during the check). */
    /** Builds the scalar loss from the placeholders of the inputs, in order. */
    public interface LossFn {
        Operand<TFloat64> apply(Ops tf, List<Operand<TFloat64>> in);
    }

    public record Input(String name, long[] shape, double[] values, boolean differentiate) {
        public static Input of(String name, double[] values, long... shape) {
            return new Input(name, shape, values, true);
        }

        public static Input constant(String name, double[] values, long... shape) {
            return new Input(name, shape, values, false);
        }
    }

    public static double[] randn(SplittableRandom r, int n, double scale) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextGaussian() * scale;
        }
        return v;
    }

    /**
     * Builds {@code loss(inputs)} and checks d loss / d input for every differentiable input.
     * Returns the loss value at the unperturbed inputs.
     */
    public static double check(List<Input> inputs, LossFn lossFn) {
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            List<Placeholder<TFloat64>> phs = new ArrayList<>();
            for (Input in : inputs) {
                phs.add(tf.withName(in.name()).placeholder(TFloat64.class, Placeholder.shape(Shape.of(in.shape()))));
            }
            List<Operand<TFloat64>> ops = new ArrayList<>(phs);
            Operand<TFloat64> loss = lossFn.apply(tf, ops);
            assertThat(loss.shape().numDimensions()).as("loss must be scalar").isZero();
            List<Integer> diff = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i++) {
                if (inputs.get(i).differentiate()) {
                    diff.add(i);
                }
            }
            Output<?>[] xs = new Output<?>[diff.size()];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = phs.get(diff.get(i)).asOutput();
            }
            Output<?>[] grads = g.addGradients(loss.asOutput(), xs);
            try (Session s = new Session(g)) {
                double[][] symbolic = new double[xs.length][];
                double f0;
                List<Tensor> feeds = new ArrayList<>();
                Session.Runner run = s.runner();
                for (int i = 0; i < inputs.size(); i++) {
                    TFloat64 t = tensor(inputs.get(i));
                    feeds.add(t);
                    run.feed(phs.get(i), t);
                }
                run.fetch(loss);
                for (Output<?> gr : grads) {
                    run.fetch(gr);
                }
                try (Result res = run.run()) {
                    f0 = ((TFloat64) res.get(0)).getDouble();
                    for (int i = 0; i < grads.length; i++) {
                        TFloat64 t = (TFloat64) res.get(i + 1);
                        symbolic[i] = new double[(int) t.shape().size()];
                        t.asRawTensor().data().asDoubles().read(symbolic[i]);
                    }
                } finally {
                    feeds.forEach(Tensor::close);
                }
                for (int k = 0; k < diff.size(); k++) {
                    Input in = inputs.get(diff.get(k));
                    double[] v = in.values();
                    assertThat(symbolic[k]).as("gradient size of " + in.name()).hasSize(v.length);
                    for (int j = 0; j < v.length; j++) {
                        double orig = v[j];
                        v[j] = orig + H;
                        double fp = eval(s, phs, inputs, loss);
                        v[j] = orig - H;
                        double fm = eval(s, phs, inputs, loss);
                        v[j] = orig;
                        double numeric = (fp - fm) / (2 * H);
                        double tol = ABS_TOL + REL_TOL * Math.abs(numeric);
                        assertThat(symbolic[k][j]).as("d loss / d %s[%d] (numeric %.10g)", in.name(), j, numeric)
                                .isCloseTo(numeric, org.assertj.core.data.Offset.offset(tol));
                    }
                }
                return f0;
            }
        }
    }

    private static TFloat64 tensor(Input in) {
        TFloat64 t = TFloat64.tensorOf(Shape.of(in.shape()));
        t.asRawTensor().data().asDoubles().write(in.values());
        return t;
    }

    private static double eval(Session s, List<Placeholder<TFloat64>> phs, List<Input> inputs, Operand<TFloat64> loss) {
        List<Tensor> feeds = new ArrayList<>();
        try {
            Session.Runner run = s.runner();
            for (int i = 0; i < inputs.size(); i++) {
                TFloat64 t = tensor(inputs.get(i));
                feeds.add(t);
                run.feed(phs.get(i), t);
            }
            try (Result res = run.fetch(loss).run()) {
                return ((TFloat64) res.get(0)).getDouble();
            }
        } finally {
            feeds.forEach(Tensor::close);
        }
    }

    private GradientCheck() {
    }
}
