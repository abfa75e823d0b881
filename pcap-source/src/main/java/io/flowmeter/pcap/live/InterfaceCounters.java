package io.flowmeter.pcap.live;

import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.pcap4j.core.PcapStat;

/**
 * libpcap's counters of one interface ({@code pcap_stats}), as gauges under {@code interface.<name>}:
 * {@code packetsReceived}, {@code packetsDropped} (no room in the capture buffer: the reader fell behind) and
 * {@code packetsDroppedByInterface} (dropped by the network interface or its driver).
 */
final class InterfaceCounters {

    private volatile long received;
    private volatile long dropped;
    private volatile long droppedByInterface;

    InterfaceCounters(MetricGroup readerGroup, String interfaceName) {
        MetricGroup group = readerGroup.addGroup("interface", interfaceName);
        group.gauge("packetsReceived", (Gauge<Long>) () -> received);
        group.gauge("packetsDropped", (Gauge<Long>) () -> dropped);
        group.gauge("packetsDroppedByInterface", (Gauge<Long>) () -> droppedByInterface);
    }

    void update(PcapStat stat) {
        received = stat.getNumPacketsReceived();
        dropped = stat.getNumPacketsDropped();
        droppedByInterface = stat.getNumPacketsDroppedByIf();
    }

    long dropped() {
        return dropped;
    }
}
