package io.flowmeter.pcap.live;

import org.apache.flink.api.connector.source.SourceSplit;

/**
 * One network interface to capture on: live traffic has no position to resume from, so the name is all. A split of
 * an {@link InterfaceRule} also names the subtask that captures it, one split per subtask, since each subtask applies
 * the rule on its own host.
 */
public final class InterfaceSplit implements SourceSplit {

    /** The subtask of a split given by name: none, the enumerator places it by the interface's position. */
    static final int ANY_SUBTASK = -1;

    private final String interfaceName;
    private final int subtask;

    public InterfaceSplit(String interfaceName) {
        this(interfaceName, ANY_SUBTASK);
    }

    /** A split that only subtask {@code subtask} captures ({@link #ANY_SUBTASK}: placed by position). */
    public InterfaceSplit(String interfaceName, int subtask) {
        this.interfaceName = interfaceName;
        this.subtask = subtask;
    }

    /** The interface name, or the rule that gives it on the capturing host. */
    public String interfaceName() {
        return interfaceName;
    }

    /** The subtask that captures this split, or {@link #ANY_SUBTASK}. */
    public int subtask() {
        return subtask;
    }

    @Override
    public String splitId() {
        // No interface name holds a '/', so the two kinds of id cannot meet.
        return subtask == ANY_SUBTASK ? interfaceName : interfaceName + "/" + subtask;
    }

    @Override
    public String toString() {
        return "interface " + splitId();
    }
}
