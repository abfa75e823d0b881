package io.flowmeter.context;

import io.flowmeter.feature.FeatureLayout;
import io.flowmeter.feature.plugins.HostContext;
import io.flowmeter.flow.FlowRecord;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Adds the host context to a stream of flow records when the layout has the {@link HostContext} plugin: a stage
 * keyed by source address, then one keyed by destination address ({@link HostContextFunction}). Without the
 * plugin the stream is returned as it is.
 */
public final class HostContextStage {

    private HostContextStage() {}

    public static DataStream<FlowRecord> around(DataStream<FlowRecord> flows, FeatureLayout layout, String uidPrefix) {
        if (layout.plugin(HostContext.NAME) == null) {
            return flows;
        }
        DataStream<FlowRecord> out = flows;
        for (HostRole role : HostRole.values()) {
            String name = role.name().toLowerCase(java.util.Locale.ROOT);
            out = out.keyBy(new HostKey(role), Types.STRING)
                    .process(new HostContextFunction(role, layout), flows.getType())
                    .name(name + " host context")
                    .uid(uidPrefix + name + "-host-context");
        }
        return out;
    }

    /** The address a role keys by. */
    static final class HostKey implements KeySelector<FlowRecord, String> {
        private static final long serialVersionUID = 1L;
        private final HostRole role;

        HostKey(HostRole role) {
            this.role = role;
        }

        @Override
        public String getKey(FlowRecord flow) {
            return role.host(flow);
        }
    }
}
