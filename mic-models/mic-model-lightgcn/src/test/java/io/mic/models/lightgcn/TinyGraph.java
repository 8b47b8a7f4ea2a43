package io.mic.models.lightgcn;

import io.mic.core.data.InteractionMatrix;
import java.util.SplittableRandom;

/** A small random bipartite training matrix (with a repeated pair and an item nobody trained on) and its dense brute-force algebra. */
final class TinyGraph {
    final InteractionMatrix train;
    final int users;
    final int items;

    TinyGraph(int users, int items, int perUser, long seed) {
        this.users = users;
        this.items = items;
        SplittableRandom r = new SplittableRandom(seed);
        int n = users * perUser + 1;
        int[] us = new int[n];
        int[] is = new int[n];
        for (int k = 0; k < n - 1; k++) {
            us[k] = k / perUser;
            is[k] = r.nextInt(items - 1); // the last item stays isolated
        }
        us[n - 1] = us[0];
        is[n - 1] = is[0]; // a repeated pair is one edge
        this.train = InteractionMatrix.fromColumns(users, items, us, is, null, null, null);
    }

    /** Â from its definition, D^-1/2 A D^-1/2 over users then items, as a dense double matrix. */
    double[][] normalizedAdjacency() {
        int n = users + items;
        double[][] a = new double[n][n];
        for (int u = 0; u < users; u++) {
            for (int p = train.start(u); p < train.end(u); p++) {
                int i = users + train.items()[p];
                a[u][i] = 1;
                a[i][u] = 1;
            }
        }
        double[] deg = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                deg[i] += a[i][j];
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                a[i][j] = a[i][j] == 0 ? 0 : a[i][j] / Math.sqrt(deg[i] * deg[j]);
            }
        }
        return a;
    }

    /** M = (I + Â + ... + Â^K) / (K + 1), dense. */
    double[][] meanOfPowers(int layers) {
        return meanOfPowers(layers, true);
    }

    /** XSimGCL's final-embedding map F = (Â + ... + Â^K) / K (layer 0 left out), dense. */
    double[][] meanOfPowersFromOne(int layers) {
        return meanOfPowers(layers, false);
    }

    private double[][] meanOfPowers(int layers, boolean withIdentity) {
        double[][] a = normalizedAdjacency();
        int n = a.length;
        double[][] power = identity(n);
        double[][] sum = withIdentity ? identity(n) : new double[n][n];
        for (int k = 0; k < layers; k++) {
            power = times(power, a);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    sum[i][j] += power[i][j];
                }
            }
        }
        int terms = withIdentity ? layers + 1 : layers;
        for (double[] row : sum) {
            for (int j = 0; j < n; j++) {
                row[j] /= terms;
            }
        }
        return sum;
    }

    static double[] apply(double[][] m, double[] x, int dim) {
        int n = m.length;
        double[] out = new double[n * dim];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (m[i][j] != 0) {
                    for (int c = 0; c < dim; c++) {
                        out[i * dim + c] += m[i][j] * x[j * dim + c];
                    }
                }
            }
        }
        return out;
    }

    private static double[][] identity(int n) {
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            m[i][i] = 1;
        }
        return m;
    }

    static double[][] times(double[][] x, double[][] y) {
        int n = x.length;
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                if (x[i][k] != 0) {
                    for (int j = 0; j < n; j++) {
                        out[i][j] += x[i][k] * y[k][j];
                    }
                }
            }
        }
        return out;
    }
}
