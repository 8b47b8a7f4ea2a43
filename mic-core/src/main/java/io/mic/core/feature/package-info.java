/**
 * Feature building shared by the paper modules: {@link io.mic.core.feature.FeatureBuilder} turns a
 * {@link io.mic.core.data.DataSplit} into columnar {@link io.mic.spi.FeatureBatch}es of users
 * (id, profile fields, recent training history) and items (id, categorical fields, recent
 * interacting users), at inference time and per training example without leaking the target.
 */
package io.mic.core.feature;
