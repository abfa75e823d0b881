package io.flowmeter.pcap.live;

import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface.PromiscuousMode;

import java.io.IOException;

/** Opens libpcap capture handles (through pcap4j) with the settings of a live capture. */
public final class LiveCaptureHandles {

    /**
     * How long the kernel may hold captured packets before handing them over: the capture's added latency. Not
     * immediate mode, which on Linux gives every frame a ring slot of the full snapshot length, so that the default
     * 2 MB buffer overflows after eight frames of a burst.
     */
    private static final int READ_TIMEOUT_MILLIS = 50;
    /** The kernel's capture buffer: about a second of a busy gigabit link, so bursts wait rather than drop. */
    private static final int BUFFER_BYTES = 64 * 1024 * 1024;

    private LiveCaptureHandles() {}

    /**
     * Opens {@code interfaceName} non-blocking, with nanosecond timestamps where the platform has them, and applies
     * the filter. Non-blocking because on Linux a blocking read waits for the first packet however long that takes
     * (the read timeout only starts with it), and a quiet interface must not hold the reader.
     *
     * @throws IOException naming the interface and libpcap's reason (no such device, no permission, bad filter)
     */
    public static PcapHandle open(String interfaceName, LiveCaptureSettings settings) throws IOException {
        PcapHandle handle;
        try {
            handle = builder(interfaceName, settings).timestampPrecision(PcapHandle.TimestampPrecision.NANO).build();
        } catch (PcapNativeException nanoUnavailable) {
            try {
                handle = builder(interfaceName, settings).build();
            } catch (PcapNativeException e) {
                throw new IOException("cannot capture on interface " + interfaceName + ": " + e.getMessage(), e);
            }
        }
        if (settings.bpf() != null && !settings.bpf().isBlank()) {
            try {
                handle.setFilter(settings.bpf(), BpfProgram.BpfCompileMode.OPTIMIZE);
            } catch (PcapNativeException | NotOpenException e) {
                handle.close();
                throw new IOException("bad BPF filter '" + settings.bpf() + "' on interface " + interfaceName + ": "
                        + e.getMessage(), e);
            }
        }
        try {
            handle.setBlockingMode(PcapHandle.BlockingMode.NONBLOCKING);
        } catch (PcapNativeException | NotOpenException e) {
            handle.close();
            throw new IOException("cannot read interface " + interfaceName + " without blocking: " + e.getMessage(), e);
        }
        return handle;
    }

    /**
     * Opens and closes every interface of {@code settings} (a rule's on this host), so that a bad name or filter is
     * reported up front.
     */
    public static void check(LiveCaptureSettings settings) throws IOException {
        for (String name : settings.interfaces()) {
            open(InterfaceRule.resolve(name), settings).close();
        }
    }

    private static PcapHandle.Builder builder(String interfaceName, LiveCaptureSettings settings) {
        return new PcapHandle.Builder(interfaceName)
                .snaplen(settings.snaplen())
                .promiscuousMode(settings.promiscuous() ? PromiscuousMode.PROMISCUOUS : PromiscuousMode.NONPROMISCUOUS)
                .timeoutMillis(READ_TIMEOUT_MILLIS)
                .bufferSize(BUFFER_BYTES);
    }
}
