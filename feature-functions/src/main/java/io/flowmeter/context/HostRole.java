package io.flowmeter.context;

import io.flowmeter.feature.FeatureColumn;
import io.flowmeter.flow.FlowFeature;
import io.flowmeter.flow.FlowRecord;

import java.util.List;

/**
 * Which end of a flow a host context describes: the initiator (what it does: fan-out, scans, beacons) or the
 * responder (what is done to it: fan-in, floods). Each role has the same eleven columns under its own prefix.
 */
public enum HostRole {
    SOURCE("srcHost", "the flow's initiator (source address)"),
    DESTINATION("dstHost", "the flow's responder (destination address)");

    private final String prefix;
    private final String who;

    HostRole(String prefix, String who) {
        this.prefix = prefix;
        this.who = who;
    }

    /** The address whose context this role keeps: the flow's source or destination. */
    public String host(FlowRecord flow) {
        String address = this == SOURCE ? flow.srcIp : flow.dstIp;
        return address == null ? "" : address;
    }

    /** The other end's address, counted among this host's distinct peers. */
    String peer(FlowRecord flow) {
        String address = this == SOURCE ? flow.dstIp : flow.srcIp;
        return address == null ? "" : address;
    }

    /** Bytes (whole frames) the host sent in the flow. */
    double bytesSent(FlowRecord flow) {
        return flow.get(this == SOURCE ? FlowFeature.fwdPacketSizeTotal : FlowFeature.bwdPacketSizeTotal);
    }

    /** Bytes the host received in the flow. */
    double bytesReceived(FlowRecord flow) {
        return flow.get(this == SOURCE ? FlowFeature.bwdPacketSizeTotal : FlowFeature.fwdPacketSizeTotal);
    }

    /** The role's columns, in the order {@link HostActivity#write} writes them. */
    public List<FeatureColumn> columns() {
        String of = " of " + who + ", over the flows it took part in in this role";
        return List.of(
                FeatureColumn.decimal(prefix + "FlowsPerSecond1s", "flows/s",
                        "flows started per second, exponentially damped over 1 s" + of),
                FeatureColumn.decimal(prefix + "FlowsPerSecond10s", "flows/s",
                        "flows started per second, damped over 10 s" + of),
                FeatureColumn.decimal(prefix + "FlowsPerSecond60s", "flows/s",
                        "flows started per second, damped over 60 s" + of),
                FeatureColumn.decimal(prefix + "DistinctPeers60s", "addresses",
                        "distinct other-end addresses in the last 60 s (HyperLogLog, sliding estimate)" + of),
                FeatureColumn.decimal(prefix + "DistinctPorts60s", "ports",
                        "distinct destination ports in the last 60 s (HyperLogLog, sliding estimate)" + of),
                FeatureColumn.decimal(prefix + "UnansweredShare", "share",
                        "share of flows the responder sent nothing in, damped over 60 s" + of),
                FeatureColumn.decimal(prefix + "RefusedShare", "share",
                        "share of TCP connection attempts refused with RST (handshake 2), damped over 60 s" + of),
                FeatureColumn.decimal(prefix + "ResetShare", "share",
                        "share of flows ended by a reset (RSTO, RSTR, RSTOS0, RSTRH), damped over 60 s" + of),
                FeatureColumn.decimal(prefix + "BytesSentPerSecond", "bytes/s",
                        "bytes the host sent per second, damped over 10 s" + of),
                FeatureColumn.decimal(prefix + "BytesReceivedPerSecond", "bytes/s",
                        "bytes the host received per second, damped over 10 s" + of),
                FeatureColumn.decimal(prefix + "StartIntervalCv", "ratio",
                        "coefficient of variation of the gaps between the host's flow starts of the last 5 minutes"
                                + " (the latest 32; 0 below 3 starts): near 0 for beacons and fixed-rate tools" + of));
    }
}
