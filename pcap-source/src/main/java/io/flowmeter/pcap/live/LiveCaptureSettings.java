package io.flowmeter.pcap.live;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** What to capture: the interfaces, a BPF filter, the snapshot length and promiscuous mode. */
public final class LiveCaptureSettings implements Serializable {

    private static final long serialVersionUID = 1L;

    /** libpcap's own default: whole frames, also with offloaded segments up to 256 KiB. */
    public static final int DEFAULT_SNAPLEN = 262_144;

    private final List<String> interfaces;
    private final String bpf;
    private final int snaplen;
    private final boolean promiscuous;

    /** @param bpf a filter in tcpdump's syntax, or null for every packet */
    public LiveCaptureSettings(List<String> interfaces, String bpf, int snaplen, boolean promiscuous) {
        if (interfaces.isEmpty()) {
            throw new IllegalArgumentException("no interface to capture on");
        }
        if (snaplen <= 0) {
            throw new IllegalArgumentException("snapshot length must be positive, not " + snaplen);
        }
        this.interfaces = new ArrayList<>(interfaces);
        this.bpf = bpf;
        this.snaplen = snaplen;
        this.promiscuous = promiscuous;
    }

    public List<String> interfaces() {
        return interfaces;
    }

    public String bpf() {
        return bpf;
    }

    public int snaplen() {
        return snaplen;
    }

    public boolean promiscuous() {
        return promiscuous;
    }
}
