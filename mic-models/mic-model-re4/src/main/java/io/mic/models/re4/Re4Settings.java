package io.mic.models.re4;

import io.mic.core.feature.HistoryMode;
import io.mic.spi.PluginConfig;

/**
 * The {@code re4} model's parameters, read strictly from its config (unknown keys, wrong types and
 * out-of-range values are errors naming the key and file:line, through {@link PluginConfig}).
 *
 * @param interests      K, interest vectors per user
 * @param dim            d, item embedding and interest width
 * @param attentionDim   d_a, width of {@code tanh(W1 x)} (and of the Re-construct attention)
 * @param historyLength  N_x, the longest (most recent) history read; sequences are padded to it
 * @param temperature    τ of L_rec (in-batch InfoNCE)
 * @param logQ           logQ correction of L_rec
 * @param normalize      L2-normalise interests and items in L_rec and in scoring (cosine scores)
 * @param lambdaCl       λ_CL, weight of Re-contrast (0 switches it off)
 * @param lambdaAtt      λ_ATT, weight of Re-attend
 * @param lambdaCt       λ_CT, weight of Re-construct
 * @param clTemperature  τ of Re-contrast
 * @param reconDim       d_b, width of each of the N_x rows Re-construct upsamples an interest to
 * @param reconAttentionDim width of {@code tanh(W3 c)} in Re-construct's attention
 * @param history        how training histories are formed; null = {@link HistoryMode#defaultFor}
 */
record Re4Settings(int interests, int dim, int attentionDim, int historyLength, double temperature, boolean logQ, boolean normalize,
        double lambdaCl, double lambdaAtt, double lambdaCt, double clTemperature, int reconDim, int reconAttentionDim, HistoryMode history) {

    /** Largest N_x accepted (the Re4 and ComiRec papers use 20 to 50). */
    static final int MAX_HISTORY = 200;

    static Re4Settings parse(PluginConfig c) {
        int k = c.getInt("interests", 4, 1, 64);
        int dim = c.getInt("dim", 64, 1, 4096);
        int da = c.getInt("attention_dim", 64, 1, 4096);
        int n = c.getInt("history_length", 50, 1, MAX_HISTORY);
        double tau = positive(c, "temperature", 0.1);
        boolean logQ = c.getBoolean("logq", true);
        boolean normalize = c.getBoolean("normalize", true);
        double cl = c.getDouble("lambda_cl", 0.1, 0, 1e6);
        double att = c.getDouble("lambda_att", 0.1, 0, 1e6);
        double ct = c.getDouble("lambda_ct", 0.1, 0, 1e6);
        double clTau = positive(c, "cl_temperature", 0.1);
        int db = c.getInt("recon_dim", 16, 1, 4096);
        int dc = c.getInt("recon_attention_dim", 16, 1, 4096);
        String h = c.getChoice("history", "auto", "auto", "before", "others");
        return new Re4Settings(k, dim, da, n, tau, logQ, normalize, cl, att, ct, clTau, db, dc, h.equals("auto") ? null : HistoryMode.parse(h));
    }

    private static double positive(PluginConfig c, String key, double def) {
        double t = c.getDouble(key, def, 0, 100);
        if (!(t > 0)) {
            throw c.error(key, "must be > 0, got " + t);
        }
        return t;
    }

    /** All backward-flow weights zero: the forward flow alone, i.e. ComiRec-SA. */
    boolean comirec() {
        return lambdaCl == 0 && lambdaAtt == 0 && lambdaCt == 0;
    }

    @Override
    public String toString() {
        return "K=" + interests + ", d=" + dim + ", d_a=" + attentionDim + ", N_x=" + historyLength + ", tau=" + temperature
                + (logQ ? ", logQ" : "") + (normalize ? ", cosine" : ", dot") + ", lambda_cl=" + lambdaCl + ", lambda_att=" + lambdaAtt
                + ", lambda_ct=" + lambdaCt + ", cl_tau=" + clTemperature + ", d_b=" + reconDim + ", d_c=" + reconAttentionDim
                + (comirec() ? " (ComiRec-SA: forward flow only)" : "");
    }
}
