package io.mic.models.missrec;

import io.mic.spi.PluginConfig;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Parameters of the {@code sasrec} and {@code missrec} plugins, read strictly from their config
 * (a key the plugin does not read is an error naming it, through {@link PluginConfig}).
 *
 * @param missrec        true: the MISSRec tower (interests, encoder, decoder); false: SASRec
 * @param dim            d, token and user width
 * @param heads          attention heads (divides d)
 * @param historyLength  N, the most recent items read; shorter sequences are padded
 * @param layers         SASRec: causal self-attention blocks
 * @param encoderLayers  MISSRec K_e: self-attention blocks over the interest tokens
 * @param decoderLayers  MISSRec K_d: blocks of causal self-attention + cross-attention to the interests + FFN
 * @param ids            transductive: add a trainable id embedding to every item token and candidate
 * @param features       item fields used as modalities (TEXT or DENSE; empty = all of them; null = none, id-only)
 * @param textDim        width of the hashed text features (without a {@code featuresSource})
 * @param featuresSource an item-features plugin ({@code minilm}, {@code file}, {@code hashed-ngram}, ...) that
 *                       encodes every item's text into one modality instead of the per-field hashed
 *                       encoder (null: none)
 * @param featuresSourceParams that plugin's parameters, given as model params {@code features_source.<key>}
 * @param experts        adapter experts per modality (1 = a linear adapter; more = a mixture of linear experts with a softmax gate)
 * @param interests      MISSRec K_c, DPC-KNN interest slots
 * @param knn            DPC-KNN k
 * @param dpc            MISSRec: DPC-KNN interests (false: the plain item tokens are the encoder's input, the ablation)
 * @param temperature    tau of the sequence-item InfoNCE (cosine scores)
 * @param negatives      uniformly sampled extra negatives shared by the batch (besides the in-batch targets)
 * @param lambdaSeq      weight of the sequence-sequence InfoNCE between two dropout views (0: off)
 * @param gamma          weight gamma of the orthogonality regulariser on the encoded interests (0: off)
 * @param alpha          alpha of the dynamic candidate fusion (used with two or more modalities)
 * @param dropout        token dropout of the augmented views (0: no augmentation)
 * @param blockDropout   dropout of every transformer sub-layer's output in training
 * @param initFrom       a checkpoint written by an earlier run's {@code save_to} to start from (null: fresh parameters)
 * @param adaptersOnly   fine-tune only the modality adapters (and the id table, if any); everything else stays as loaded
 * @param saveTo         where to write the trained parameters after fit (null: nowhere)
 * @param testHistory    after training, users are encoded from their training items followed by
 *                       their validation items (the UniSRec/MISSRec papers' test input); false: training items only
 */
record SeqSettings(boolean missrec, int dim, int heads, int historyLength, int layers, int encoderLayers, int decoderLayers, boolean ids,
        List<String> features, int textDim, String featuresSource, Map<String, String> featuresSourceParams, int experts, int interests, int knn, boolean dpc, double temperature, int negatives,
        double lambdaSeq, double gamma, double alpha, double dropout, double blockDropout, String initFrom, boolean adaptersOnly, String saveTo, boolean testHistory) {

    static SeqSettings parse(PluginConfig c, boolean missrec) {
        int dim = c.getInt("dim", 64, 2, 4096);
        int heads = c.getInt("heads", 2, 1, 64);
        if (dim % heads != 0) {
            throw c.error("heads", "must divide dim " + dim + ", got " + heads);
        }
        int n = c.getInt("history_length", 50, 1, 200);
        int layers = missrec ? 0 : c.getInt("layers", 2, 1, 16);
        int ke = missrec ? c.getInt("encoder_layers", 1, 0, 16) : 0;
        int kd = missrec ? c.getInt("decoder_layers", 1, 1, 16) : 0;
        boolean ids = c.getBoolean("ids", !missrec);
        String f = c.getString("features", missrec ? "all" : "none");
        List<String> features = f.equals("none") ? null : f.equals("all") ? List.of() : List.of(f.split(","));
        if (features == null && !ids) {
            throw c.error("features", "an inductive model (ids = false) needs item features, got 'none'");
        }
        int textDim = c.getInt("text_dim", 128, 2, 4096);
        String source = c.getString("features_source", "");
        Map<String, String> sourceParams = new TreeMap<>();
        for (String k : c.keys()) {
            if (k.startsWith("features_source.")) {
                sourceParams.put(k.substring("features_source.".length()), c.getString(k, ""));
            }
        }
        if (source.isEmpty() && !sourceParams.isEmpty()) {
            throw c.error("features_source." + sourceParams.keySet().iterator().next(), "features_source.* parameters need features_source (an item-features plugin)");
        }
        if (!source.isEmpty() && features == null) {
            throw c.error("features_source", "'" + source + "' gives item features, but features = none");
        }
        int experts = c.getInt("adapter_experts", 1, 1, 16);
        int kc = missrec ? c.getInt("interests", 4, 1, 64) : 0;
        int knn = missrec ? c.getInt("knn", 3, 1, 64) : 0;
        boolean dpc = missrec && c.getBoolean("dpc_knn", true);
        double tau = c.getDouble("temperature", 0.07, 1e-4, 100);
        int neg = c.getInt("negatives", 128, 0, 1 << 16);
        double ls = c.getDouble("lambda_seq", missrec ? 0.1 : 0, 0, 1e3);
        double gamma = missrec ? c.getDouble("gamma_ortho", 0.1, 0, 1e3) : 0;
        double alpha = c.getDouble("fusion_alpha", 1.0, 0, 1e3);
        double drop = c.getDouble("dropout", 0.1, 0, 0.9);
        if (ls > 0 && drop == 0) {
            throw c.error("lambda_seq", "the sequence-sequence loss compares two dropout views: set dropout > 0 or lambda_seq = 0");
        }
        double blockDrop = c.getDouble("block_dropout", 0.2, 0, 0.9);
        String init = c.getString("init_from", "");
        boolean adaptersOnly = c.getChoice("finetune", "all", "all", "adapters").equals("adapters");
        if (adaptersOnly && init.isEmpty()) {
            throw c.error("finetune", "'adapters' fine-tunes a loaded model: set init_from");
        }
        String save = c.getString("save_to", "");
        boolean testHistory = c.getChoice("test_history", "train", "train", "train-valid").equals("train-valid");
        return new SeqSettings(missrec, dim, heads, n, layers, ke, kd, ids, features, textDim, source.isEmpty() ? null : source,
                Map.copyOf(sourceParams), experts, kc, knn, dpc, tau, neg, ls, gamma, alpha,
                drop, blockDrop, init.isEmpty() ? null : init, adaptersOnly,
                save.isEmpty() ? null : save, testHistory);
    }

    String plugin() {
        return missrec ? "missrec" : "sasrec";
    }

    @Override
    public String toString() {
        return plugin() + "[d=" + dim + ", heads=" + heads + ", N=" + historyLength + (missrec ? ", K_e=" + encoderLayers + ", K_d=" + decoderLayers
                + (dpc ? ", DPC-KNN K_c=" + interests + " k=" + knn : ", no DPC-KNN") + ", gamma=" + gamma : ", layers=" + layers)
                + (ids ? ", ids" : ", inductive") + (features == null ? "" : ", features=" + (features.isEmpty() ? "all" : features))
                + (featuresSource == null ? "" : ", text from " + featuresSource + featuresSourceParams)
                + ", experts=" + experts + ", tau=" + temperature + ", negatives=" + negatives + ", lambda_seq=" + lambdaSeq + ", dropout=" + dropout + ", block_dropout=" + blockDropout + (initFrom == null ? "" : ", init from " + initFrom + (adaptersOnly ? " (adapters only)" : ""))
                + (testHistory ? ", test history train+valid" : "") + "]";
    }
}
