package io.mic.models.re4;

import io.mic.models.tf.GradientCheck;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat64;

/** Runs a float64 graph once: the first output is a scalar (returned), the others are copied into {@code rest}. */
final class Forward {
    interface Fn {
        List<Operand<TFloat64>> apply(Ops tf, List<Operand<TFloat64>> in);
    }

    static double run(List<GradientCheck.Input> inputs, Fn fn, double[][] rest) {
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            List<Operand<TFloat64>> phs = new ArrayList<>();
            for (GradientCheck.Input in : inputs) {
                phs.add(tf.withName(in.name()).placeholder(TFloat64.class, Placeholder.shape(Shape.of(in.shape()))));
            }
            List<Operand<TFloat64>> outs = fn.apply(tf, phs);
            List<Tensor> feeds = new ArrayList<>();
            try {
                Session.Runner run = s.runner();
                for (int i = 0; i < inputs.size(); i++) {
                    TFloat64 t = TFloat64.tensorOf(Shape.of(inputs.get(i).shape()));
                    t.asRawTensor().data().asDoubles().write(inputs.get(i).values());
                    feeds.add(t);
                    run.feed(phs.get(i), t);
                }
                outs.forEach(run::fetch);
                try (Result res = run.run()) {
                    if (rest != null) {
                        for (int i = 1; i < outs.size(); i++) {
                            TFloat64 t = (TFloat64) res.get(i);
                            rest[i - 1] = new double[(int) t.shape().size()];
                            t.asRawTensor().data().asDoubles().read(rest[i - 1]);
                        }
                    }
                    return ((TFloat64) res.get(0)).getDouble();
                }
            } finally {
                feeds.forEach(Tensor::close);
            }
        }
    }

    private Forward() {
    }
}
