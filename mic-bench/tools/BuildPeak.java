import io.mic.retrieval.index.HnswIndex;
import io.mic.retrieval.index.Similarity;
import io.mic.spi.Vectors;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.SplittableRandom;

/**
 * Peak heap of one {@code HnswIndex.build} over {@code n x dim} seeded Gaussian rows (issue 22, docs/scale.md): the
 * maximum of used heap sampled every 20 ms (garbage included) and the sum of the heap pools' peaks (an upper bound, as
 * mic-spark's StageTimer). Inner product, degree 32, beam 100, the given build threads. Not part of the build: run it
 * against the classes of the commit to measure (a worktree's {@code mic-retrieval}, {@code mic-core}, {@code mic-spi}
 * {@code target/classes}) plus mic-retrieval's dependencies:
 * <pre>
 * ./mvnw -B -q dependency:build-classpath -pl mic-retrieval -Dmdep.outputFile=/tmp/cp.txt
 * CP=mic-retrieval/target/classes:mic-core/target/classes:mic-spi/target/classes:$(cat /tmp/cp.txt)
 * javac -cp "$CP" -d /tmp/bp mic-bench/tools/BuildPeak.java
 * java -Xmx8g --add-modules jdk.incubator.vector -cp "/tmp/bp:$CP" BuildPeak 300000 64 2
 * </pre>
 */
public class BuildPeak {
    public static void main(String[] a) throws Exception {
        int n = Integer.parseInt(a[0]);
        int dim = Integer.parseInt(a[1]);
        int threads = Integer.parseInt(a[2]);
        float[] v = new float[n * dim];
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextGaussian() * 0.1);
        }
        Vectors vec = Vectors.of(v, dim);
        System.gc();
        long base = used();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            p.resetPeakUsage();
        }
        long[] max = {0};
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                max[0] = Math.max(max[0], used());
                try { Thread.sleep(20); } catch (InterruptedException e) { return; }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        long t0 = System.nanoTime();
        HnswIndex idx = new HnswIndex(new HnswIndex.Params(Similarity.INNER_PRODUCT, 32, 100, 40, 1.2f, 1.2f, true, true, threads));
        idx.build(vec);
        double s = (System.nanoTime() - t0) / 1e9;
        sampler.interrupt();
        long pools = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                pools += p.getPeakUsage().getUsed();
            }
        }
        System.out.printf("n %d dim %d threads %d: build %.1f s; heap before build (input rows live) %d MB; sampled peak used %d MB; sum of pool peaks %d MB%n",
                n, dim, threads, s, base >> 20, max[0] >> 20, pools >> 20);
    }

    static long used() {
        long u = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                u += p.getUsage().getUsed();
            }
        }
        return u;
    }
}
