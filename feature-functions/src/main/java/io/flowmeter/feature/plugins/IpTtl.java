package io.flowmeter.feature.plugins;

import io.flowmeter.feature.FeatureColumn;
import io.flowmeter.feature.FeatureValues;
import io.flowmeter.feature.FlowContext;
import io.flowmeter.feature.FlowPlugin;
import io.flowmeter.packet.HeaderField;
import io.flowmeter.packet.PacketRecord;

import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.util.List;

/**
 * The smallest and largest IPv4 TTL or IPv6 hop limit per direction (0 for a direction without packets): a
 * sender's operating system and its distance show in them, and spoofed or injected packets often stand out from
 * the rest of their connection. In no feature set: {@code --features extended,ip-ttl} writes them, and a model
 * that names them gets them.
 */
public final class IpTtl implements FlowPlugin<int[]> {

    private static final long serialVersionUID = 1L;
    public static final String NAME = "ip-ttl";

    private static final List<FeatureColumn> COLUMNS = List.of(
            FeatureColumn.whole("fwdTtlMin", "hops", "smallest IP TTL or hop limit, forward"),
            FeatureColumn.whole("fwdTtlMax", "hops", "largest IP TTL or hop limit, forward"),
            FeatureColumn.whole("bwdTtlMin", "hops", "smallest IP TTL or hop limit, backward"),
            FeatureColumn.whole("bwdTtlMax", "hops", "largest IP TTL or hop limit, backward"));

    private static final int NONE = -1;

    @Override public String name() { return NAME; }
    @Override public int stateVersion() { return 1; }
    @Override public List<FeatureColumn> columns() { return COLUMNS; }

    /** Forward min and max, backward min and max; -1 before the direction's first packet. */
    @Override
    public int[] newState() {
        return new int[] {NONE, NONE, NONE, NONE};
    }

    @Override
    public void update(int[] ttl, PacketRecord packet, FlowContext flow) {
        int at = flow.isForward() ? 0 : 2;
        int value = packet.getHeaderField(HeaderField.IP_TTL);
        ttl[at] = ttl[at] == NONE ? value : Math.min(ttl[at], value);
        ttl[at + 1] = Math.max(ttl[at + 1], value);
    }

    @Override
    public void swapDirections(int[] ttl) {
        for (int i = 0; i < 2; i++) {
            int forward = ttl[i];
            ttl[i] = ttl[i + 2];
            ttl[i + 2] = forward;
        }
    }

    @Override
    public void finish(int[] ttl, FlowContext flow, FeatureValues values) {
        for (int i = 0; i < 4; i++) {
            values.set(i, Math.max(0, ttl[i]));
        }
    }

    @Override
    public void writeState(int[] ttl, DataOutputView out) throws IOException {
        for (int value : ttl) {
            out.writeShort(value);
        }
    }

    @Override
    public int[] readState(int version, DataInputView in) throws IOException {
        int[] ttl = new int[4];
        for (int i = 0; i < 4; i++) {
            ttl[i] = in.readShort();
        }
        return ttl;
    }

    @Override
    public int[] copyState(int[] ttl) {
        return ttl.clone();
    }
}
