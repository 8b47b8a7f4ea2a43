package io.mic.models.tf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A parameter seen through a {@link ParamView}: the graph is fed the view and the update is the
 * adjoint of the view's gradient. Worked by hand: p is 3x2, the view is A p with a fixed 4x3 A, the
 * loss sum(C * A p) has view gradient C and parameter gradient Aᵀ C; SGD with lr 1 subtracts it.
 * Tolerance 1e-5: a few float32 products of values below 4.
 */
class ParamViewTest {
    private static final float[][] A = {{1, 0, 2}, {0, 1, 0}, {-1, 1, 1}, {0.5f, 0, 0}};
    private static final float[] C = {1, 2, 3, 4, 5, 6, 7, 8};

    /** Row-major (rows x 2) view = A x. */
    private static final class Linear implements ParamView {
        @Override
        public long[] shape() {
            return new long[] {4, 2};
        }

        @Override
        public void forward(float[] p, float[] out) {
            for (int i = 0; i < 4; i++) {
                for (int c = 0; c < 2; c++) {
                    float s = 0;
                    for (int k = 0; k < 3; k++) {
                        s += A[i][k] * p[k * 2 + c];
                    }
                    out[i * 2 + c] = s;
                }
            }
        }

        @Override
        public void adjoint(float[] g, float[] out) {
            for (int k = 0; k < 3; k++) {
                for (int c = 0; c < 2; c++) {
                    float s = 0;
                    for (int i = 0; i < 4; i++) {
                        s += A[i][k] * g[i * 2 + c];
                    }
                    out[k * 2 + c] = s;
                }
            }
        }
    }

    @Test
    void graphSeesTheViewAndTheUpdateIsTheAdjointOfItsGradient() {
        DenseParam p = DenseParam.create("w", Optimizer.sgd(), Initializer.zeros(), 1, 3, 2);
        float[] start = {1, -1, 0.5f, 2, -0.25f, 0};
        p.set(start);
        StepGraph g;
        try (GraphBuilder gb = new GraphBuilder()) {
            Ops tf = gb.tf();
            Operand<TFloat32> view = gb.param(p, new Linear());
            assertThatThrownBy(() -> gb.param(p)).hasMessageContaining("through a view");
            Operand<TFloat32> c = tf.constant(new float[][] {{1, 2}, {3, 4}, {5, 6}, {7, 8}});
            g = gb.build(tf.reduceSum(tf.math.mul(view, c), tf.constant(new int[] {0, 1})), Map.of());
        }
        try (g) {
            float[] av = new float[8];
            new Linear().forward(start, av);
            double want = 0;
            for (int i = 0; i < 8; i++) {
                want += av[i] * C[i];
            }
            StepResult r = g.train(g.newFeeds(), 1f, 0, 0);
            assertThat(r.loss()).isCloseTo(want, offset(1e-5));
            float[] atc = new float[6];
            new Linear().adjoint(C, atc);
            // by hand: column 0 of Aᵀ C = (1*1 + 0*3 - 1*5 + 0.5*7, 0*1 + 1*3 + 1*5 + 0, 2*1 + 0 + 1*5 + 0) = (-0.5, 8, 7)
            assertThat(atc[0]).isEqualTo(-0.5f);
            assertThat(atc[2]).isEqualTo(8f);
            assertThat(atc[4]).isEqualTo(7f);
            for (int k = 0; k < 6; k++) {
                assertThat((double) p.values()[k]).isCloseTo(start[k] - atc[k], offset(1e-5));
            }
        }
    }
}
