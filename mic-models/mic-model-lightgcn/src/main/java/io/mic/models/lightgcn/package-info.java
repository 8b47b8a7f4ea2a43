/** LightGCN as a model plugin ({@code lightgcn}) on the TensorFlow runtime's trainer. */
package io.mic.models.lightgcn;
