package io.flowmeter.pcap.live;

import org.apache.flink.api.connector.source.SourceSplit;

/** One network interface to capture on: live traffic has no position to resume from, so the name is all. */
public final class InterfaceSplit implements SourceSplit {

    private final String interfaceName;

    public InterfaceSplit(String interfaceName) {
        this.interfaceName = interfaceName;
    }

    public String interfaceName() {
        return interfaceName;
    }

    @Override
    public String splitId() {
        return interfaceName;
    }

    @Override
    public String toString() {
        return "interface " + interfaceName;
    }
}
