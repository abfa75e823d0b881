package io.flowmeter.feature.plugins;

import io.flowmeter.feature.FeatureColumn;
import io.flowmeter.feature.FeatureValues;
import io.flowmeter.feature.FlowContext;

import java.util.List;

/** Backward packets per forward packet (CICFlowMeter's down/up ratio). */
public final class DownUpRatio extends StatelessPlugin {

    private static final long serialVersionUID = 1L;
    public static final String NAME = "ratios";

    private static final List<FeatureColumn> COLUMNS = List.of(
            FeatureColumn.decimal("downUpRatio", "ratio", "backward packets per forward packet"));

    @Override public String name() { return NAME; }
    @Override public List<FeatureColumn> columns() { return COLUMNS; }

    @Override
    public void finish(Void state, FlowContext flow, FeatureValues values) {
        values.set(0, Directions.ratio(flow.backwardPackets(), flow.forwardPackets()));
    }
}
