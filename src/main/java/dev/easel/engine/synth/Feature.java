package dev.easel.engine.synth;

/** A [B, C, H, W] feature map in the graph under construction, with its channel count. */
record Feature(String value, int channels) {}
