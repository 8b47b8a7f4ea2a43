package io.mic.models.missrec;

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

/** Evaluates float64 graph outputs for fed inputs, each output flattened row-major. */
final class Graphs {
    interface Outputs {
        List<Operand<TFloat64>> build(Ops tf, List<Operand<TFloat64>> in);
    }

    static double[][] eval(List<GradientCheck.Input> inputs, Outputs fn) {
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            List<Operand<TFloat64>> phs = new ArrayList<>();
            for (GradientCheck.Input in : inputs) {
                phs.add(tf.withName(in.name()).placeholder(TFloat64.class, Placeholder.shape(Shape.of(in.shape()))));
            }
            List<Operand<TFloat64>> outs = fn.build(tf, phs);
            List<Tensor> fed = new ArrayList<>();
            try {
                Session.Runner run = s.runner();
                for (int i = 0; i < inputs.size(); i++) {
                    TFloat64 t = TFloat64.tensorOf(Shape.of(inputs.get(i).shape()));
                    t.asRawTensor().data().asDoubles().write(inputs.get(i).values());
                    fed.add(t);
                    run.feed(phs.get(i), t);
                }
                outs.forEach(run::fetch);
                try (Result res = run.run()) {
                    double[][] out = new double[outs.size()][];
                    for (int i = 0; i < outs.size(); i++) {
                        TFloat64 t = (TFloat64) res.get(i);
                        out[i] = new double[(int) t.shape().size()];
                        t.asRawTensor().data().asDoubles().read(out[i]);
                    }
                    return out;
                }
            } finally {
                fed.forEach(Tensor::close);
            }
        }
    }

    private Graphs() {
    }
}
