package io.flowmeter.model;

import io.flowmeter.flow.FlowRecord;

/** A flow with the model's probability that it is malicious, and the verdict at the decision threshold. */
public class ScoredFlow {

    public static final String BENIGN = "benign";
    public static final String MALICIOUS = "malicious";

    public FlowRecord flow;
    public double probability;
    public boolean malicious;

    public ScoredFlow() {}

    public ScoredFlow(FlowRecord flow, double probability, double threshold) {
        this.flow = flow;
        this.probability = probability;
        this.malicious = probability >= threshold;
    }

    public String label() {
        return malicious ? MALICIOUS : BENIGN;
    }
}
