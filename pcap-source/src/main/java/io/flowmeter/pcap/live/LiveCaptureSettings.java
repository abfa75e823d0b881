package io.flowmeter.pcap.live;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What to capture: the interfaces (names, or one {@link InterfaceRule}), a BPF filter, the snapshot length,
 * promiscuous mode, and for how long (until cancelled, unless a duration is set).
 */
public final class LiveCaptureSettings implements Serializable {

    private static final long serialVersionUID = 1L;

    /** libpcap's own default: whole frames, also with offloaded segments up to 256 KiB. */
    public static final int DEFAULT_SNAPLEN = 262_144;

    private final List<String> interfaces;
    private final String bpf;
    private final int snaplen;
    private final boolean promiscuous;
    private final Duration duration;
    private final boolean keepFrames;

    /** @param bpf a filter in tcpdump's syntax, or null for every packet */
    public LiveCaptureSettings(List<String> interfaces, String bpf, int snaplen, boolean promiscuous) {
        this(interfaces, bpf, snaplen, promiscuous, Duration.ZERO, false);
    }

    private LiveCaptureSettings(List<String> interfaces, String bpf, int snaplen, boolean promiscuous,
            Duration duration, boolean keepFrames) {
        if (interfaces.isEmpty()) {
            throw new IllegalArgumentException("no interface to capture on");
        }
        if (interfaces.size() > 1 && interfaces.stream().anyMatch(InterfaceRule::isRule)) {
            throw new IllegalArgumentException(InterfaceRule.DEFAULT_ROUTE + " picks one interface on each host;"
                    + " give it alone, not with other interfaces: " + interfaces);
        }
        if (snaplen <= 0) {
            throw new IllegalArgumentException("snapshot length must be positive, not " + snaplen);
        }
        this.interfaces = new ArrayList<>(interfaces);
        this.bpf = bpf;
        this.snaplen = snaplen;
        this.promiscuous = promiscuous;
        if (duration.isNegative()) {
            throw new IllegalArgumentException("capture duration must not be negative, not " + duration);
        }
        this.duration = duration;
        this.keepFrames = keepFrames;
    }

    /** These settings, capturing each interface for {@code duration} from when it opens (zero: until cancelled). */
    public LiveCaptureSettings withDuration(Duration duration) {
        return new LiveCaptureSettings(interfaces, bpf, snaplen, promiscuous, duration, keepFrames);
    }

    /** These settings, with the captured packets holding their frames' bytes when {@code keep} (for forwarding). */
    public LiveCaptureSettings withFramesKept(boolean keep) {
        return new LiveCaptureSettings(interfaces, bpf, snaplen, promiscuous, duration, keep);
    }

    /** Whether the captured packets hold their frames' bytes. */
    public boolean keepsFrames() {
        return keepFrames;
    }

    /** The interface names, or a single {@link InterfaceRule}. */
    public List<String> interfaces() {
        return interfaces;
    }

    /** Whether every subtask of the source captures, each on the interface the rule picks on its host. */
    public boolean capturesOnEverySubtask() {
        return InterfaceRule.isRule(interfaces.get(0));
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

    /** Whether capture stops by itself, after {@link #duration()}. */
    public boolean bounded() {
        return !duration.isZero();
    }

    public Duration duration() {
        return duration;
    }
}
