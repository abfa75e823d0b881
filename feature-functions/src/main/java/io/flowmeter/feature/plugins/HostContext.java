package io.flowmeter.feature.plugins;

import io.flowmeter.context.HostRole;
import io.flowmeter.feature.FeatureColumn;
import io.flowmeter.feature.FeatureValues;
import io.flowmeter.feature.FlowContext;

import java.util.ArrayList;
import java.util.List;

/**
 * The columns of the host context stage ({@link io.flowmeter.context.HostContextStage}): the behaviour of the
 * flow's two hosts around it (rates of flow starts, distinct peers and ports, shares of unanswered, refused and
 * reset connections, byte rates, regularity of starts). A flow alone does not know them, so this plugin writes NaN
 * and the stage, which a job adds whenever its layout has this plugin, fills them in. It uses the connection state
 * columns the stage reads.
 */
public final class HostContext extends StatelessPlugin {

    private static final long serialVersionUID = 1L;
    public static final String NAME = "host-context";

    /** The columns of {@link ConnectionState} the stage reads, in this order. */
    public static final List<String> USES = List.of("handshake", "connStateCode");

    private static final List<FeatureColumn> COLUMNS = columnsOfBothRoles();

    private static List<FeatureColumn> columnsOfBothRoles() {
        List<FeatureColumn> columns = new ArrayList<>();
        for (HostRole role : HostRole.values()) {
            columns.addAll(role.columns());
        }
        return List.copyOf(columns);
    }

    @Override public String name() { return NAME; }
    @Override public List<FeatureColumn> columns() { return COLUMNS; }
    @Override public List<String> uses() { return USES; }

    @Override
    public void finish(Void state, FlowContext flow, FeatureValues values) {
        for (int i = 0; i < COLUMNS.size(); i++) {
            values.set(i, Double.NaN);
        }
    }
}
