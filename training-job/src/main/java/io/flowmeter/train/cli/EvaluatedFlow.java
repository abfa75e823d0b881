package io.flowmeter.train.cli;

/** A calibration or test flow after scoring: its side, truth, bytes, probability and raw feature values. */
public class EvaluatedFlow {
    public int split;
    public boolean malicious;
    public double bytes;
    public double probability;
    public double[] features;

    public EvaluatedFlow() {}
}
