package io.mic.testkit;

import io.mic.core.registry.PluginKind;
import io.mic.spi.ItemFeatureSource;
import io.mic.spi.ItemFeatureSourceFactory;
import io.mic.spi.PluginContext;
import io.mic.spi.Progress;
import io.mic.spi.Vectors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Contract test for {@link ItemFeatureSource} plugins. Extend it, return your factory from
 * {@link #factory()}; a source keyed by id gets {@link #params()} that make it know every id of
 * {@link #ids()} (e.g. a feature file written in the test).
 *
 * <p>Checks: one row of width {@code dim()} per requested item, in request order (a reversed
 * request gives the reversed rows); finite values; a second instance from the same config gives
 * bit-identical rows; concurrent calls give what a sequential call gives; progress is started with
 * the number of items. Plus the checks every plugin runs ({@link PluginContractTest}).
 *
 * <p>Optional capability: {@link Capability#DETERMINISTIC} (a source whose creation is not reproducible).
 */
public abstract class ItemFeatureSourceContractTest extends PluginContractTest<ItemFeatureSource, PluginContext, ItemFeatureSourceFactory> {

    protected ItemFeatureSourceContractTest() {
        super(PluginKind.ITEM_FEATURES, "ItemFeatureSource", EnumSet.of(Capability.DETERMINISTIC));
    }

    /** External ids of the items every check requests. */
    protected String[] ids() {
        return new String[] {"1", "2", "3", "4", "5", "6"};
    }

    /** Their texts (same length as {@link #ids()}). */
    protected String[] texts() {
        return new String[] {"Toy Story (1995). genres: Animation, Children's, Comedy", "Jumanji (1995). genres: Adventure, Children's, Fantasy",
            "Heat (1995). genres: Action, Crime, Thriller", "Sabrina (1995). genres: Comedy, Romance", "", "GoldenEye (1995). genres: Action"};
    }

    private static String[] reversed(String[] a) {
        String[] r = new String[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[a.length - 1 - i];
        }
        return r;
    }

    @Test
    public final void oneFiniteRowPerItemInRequestOrder() {
        ItemFeatureSource s = create();
        String[] ids = ids();
        Vectors v = s.features(ids, texts(), Progress.NOOP);
        if (v.rows() != ids.length || v.dim() != s.dim()) {
            throw violation("features of %d items gave %d rows x %d, expected %d x dim() = %d", ids.length, v.rows(), v.dim(), ids.length, s.dim());
        }
        for (int i = 0; i < v.values().length; i++) {
            if (!Float.isFinite(v.values()[i])) {
                throw violation("row %d (item '%s') holds %s", i / v.dim(), ids[i / v.dim()], v.values()[i]);
            }
        }
        Vectors r = s.features(reversed(ids), reversed(texts()), Progress.NOOP);
        for (int i = 0; i < ids.length; i++) {
            if (!Arrays.equals(v.row(i), r.row(ids.length - 1 - i))) {
                throw violation("item '%s' gets different features when requested at position %d instead of %d: rows must follow the request, "
                        + "and a row may depend only on its own item (and corpus statistics of the whole request)", ids[i], ids.length - 1 - i, i);
            }
        }
    }

    @Test
    public final void aSecondInstanceGivesTheSameRows() {
        requires(Capability.DETERMINISTIC);
        Vectors a = create().features(ids(), texts(), Progress.NOOP);
        Vectors b = create().features(ids(), texts(), Progress.NOOP);
        if (!Arrays.equals(a.values(), b.values())) {
            throw violation("two instances from the same config and seed give different features");
        }
    }

    @Test
    public final void concurrentCallsGiveWhatASequentialCallGives() throws Exception {
        ItemFeatureSource s = create();
        float[] expect = s.features(ids(), texts(), Progress.NOOP).values();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[]>> fs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                fs.add(pool.submit(() -> s.features(ids(), texts(), Progress.NOOP).values()));
            }
            for (Future<float[]> f : fs) {
                if (!Arrays.equals(f.get(), expect)) {
                    throw violation("concurrent calls on one instance give different features than a sequential call: the contract says thread-safe");
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    public final void progressIsStartedWithTheNumberOfItems() {
        AtomicLong total = new AtomicLong(-2);
        AtomicLong steps = new AtomicLong();
        Progress p = new Progress() {
            @Override
            public void start(String task, long n) {
                total.compareAndSet(-2, n);
            }

            @Override
            public void step(long delta) {
                steps.addAndGet(delta);
            }

            @Override
            public void message(String text) {
            }

            @Override
            public void done() {
            }
        };
        create().features(ids(), texts(), p);
        if (total.get() != ids().length || steps.get() != ids().length) {
            throw violation("progress got start(total = %d) and %d steps for %d items", total.get(), steps.get(), ids().length);
        }
    }
}
