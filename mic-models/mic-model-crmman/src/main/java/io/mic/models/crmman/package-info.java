/**
 * CRM-MAN: items represented by a text semantic vector and a knowledge-graph structural vector
 * (one-mode item graph from shared KG entities, SDNE initialisation, two-layer multi-head GAT),
 * users by a liked and a disliked view (multi-head self-attention + mean pooling each), trained
 * with a sampled softmax.
 */
package io.mic.models.crmman;
