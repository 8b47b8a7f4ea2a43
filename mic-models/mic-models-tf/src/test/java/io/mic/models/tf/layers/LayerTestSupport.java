package io.mic.models.tf.layers;

import static org.assertj.core.api.Assertions.assertThat;

import io.mic.models.tf.DenseParam;
import io.mic.models.tf.GradientCheck;
import io.mic.models.tf.GradientCheck.Input;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat64;

/**
 * Runs the layers of this package in float64: each layer's {@link DenseParam}s become
 * {@link GradientCheck} inputs (so the finite-difference check covers every weight), and
 * {@link #eval} computes an output for comparison with the plain-Java references in
 * {@link Reference}.
 */
final class LayerTestSupport {
    private LayerTestSupport() {
    }

    /** Op names take no '/'. */
    static String opName(String paramName) {
        return paramName.replace('/', '_').replace('.', '_');
    }

    /** Each parameter's current values (float to double) as a differentiable input. */
    static List<Input> inputsOf(List<DenseParam> params) {
        List<Input> in = new ArrayList<>();
        for (DenseParam p : params) {
            float[] v = p.values();
            double[] d = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                d[i] = v[i];
            }
            in.add(Input.of(opName(p.name()), d, p.shape()));
        }
        return in;
    }

    /** Sets every parameter to small random values (biases and gains away from their 0/1 start, so every term is exercised). */
    static void randomize(List<DenseParam> params, long seed, double scale) {
        SplittableRandom r = new SplittableRandom(seed);
        for (DenseParam p : params) {
            float[] v = new float[p.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (r.nextGaussian() * scale);
            }
            p.set(v);
        }
    }

    /** Resolves {@code params.get(i)} to {@code in.get(offset + i)}. */
    static Params<TFloat64> resolver(List<DenseParam> params, List<Operand<TFloat64>> in, int offset) {
        Map<DenseParam, Operand<TFloat64>> m = new IdentityHashMap<>();
        for (int i = 0; i < params.size(); i++) {
            m.put(params.get(i), in.get(offset + i));
        }
        return p -> {
            Operand<TFloat64> o = m.get(p);
            if (o == null) {
                throw new IllegalArgumentException("no test input for parameter " + p.name());
            }
            return o;
        };
    }

    /** {@code sum(out * w)} with fixed random weights of the given (fully known) shape. */
    static Operand<TFloat64> readout(Ops tf, Operand<TFloat64> out, long seed, long... shape) {
        double[] w = GradientCheck.randn(new SplittableRandom(seed), (int) Shape.of(shape).size(), 1.0);
        return tf.reduceSum(tf.math.mul(out, tf.reshape(tf.constant(w), tf.constant(shape))), tf.constant(range(shape.length)));
    }

    /** The same read-out in Java, for comparing loss values with the references. */
    static double readoutValue(double[] out, long seed) {
        double[] w = GradientCheck.randn(new SplittableRandom(seed), out.length, 1.0);
        double s = 0;
        for (int i = 0; i < out.length; i++) {
            s += out[i] * w[i];
        }
        return s;
    }

    static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    /** Evaluates {@code fn(tf, constants)} in float64 and returns the flat output. */
    static double[] eval(List<Input> inputs, BiFunction<Ops, List<Operand<TFloat64>>, Operand<TFloat64>> fn) {
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            List<Operand<TFloat64>> ops = new ArrayList<>();
            for (Input in : inputs) {
                ops.add(tf.reshape(tf.constant(in.values()), tf.constant(in.shape())));
            }
            Operand<TFloat64> out = fn.apply(tf, ops);
            try (Result r = s.runner().fetch(out).run()) {
                TFloat64 t = (TFloat64) r.get(0);
                double[] v = new double[(int) t.shape().size()];
                t.asRawTensor().data().asDoubles().read(v);
                return v;
            }
        }
    }

    static void assertClose(double[] actual, double[] expected, double tol) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("element %d", i).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(tol));
        }
    }

    static List<Input> concat(List<Input> a, List<Input> b) {
        List<Input> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
