package io.flowmeter.flow;

import io.flowmeter.packet.PacketRecord;
import io.flowmeter.packet.SerializerTypeInfo;

import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * A captured frame of a flow, handed on by the flow stage for forwarding to deep inspection
 * ({@link FlowAssembler#FRAMES}); or, as {@link #isEnd()}, the mark that a flow has no more frames. A flow is
 * named by its key and its first packet's time, which its records carry too ({@code flowStartNs}), so that a
 * verdict on a record finds the flow's frames.
 */
public final class FlowFrame {

    /** Type information, backed by {@link FlowFrameSerializer}. */
    public static final TypeInformation<FlowFrame> TYPE = new FlowFrameTypeInfo();

    FlowKey key;
    long flowStartNanos;
    boolean end;
    /** For an end: whether the flow got a record (it had {@code --min-packets}), so that a verdict follows. */
    boolean recorded;
    long timestampNanos;
    int wireLength;
    int linkType;
    byte[] bytes;

    FlowFrame() {}

    /** The frame held by {@code packet} (which must {@link PacketRecord#hasFrame have one}), of the flow started at {@code flowStartNanos}. */
    public static FlowFrame of(FlowKey key, long flowStartNanos, PacketRecord packet) {
        FlowFrame f = new FlowFrame();
        f.key = key;
        f.flowStartNanos = flowStartNanos;
        f.timestampNanos = packet.getTimestampNanos();
        f.wireLength = packet.getWireLength();
        f.linkType = packet.getLinkType();
        f.bytes = java.util.Arrays.copyOf(packet.getFrame(), packet.getFrameLength());
        return f;
    }

    /** The end of the frames of the flow started at {@code flowStartNanos}; {@code recorded}: a verdict follows. */
    public static FlowFrame end(FlowKey key, long flowStartNanos, boolean recorded) {
        FlowFrame f = new FlowFrame();
        f.key = key;
        f.flowStartNanos = flowStartNanos;
        f.end = true;
        f.recorded = recorded;
        f.timestampNanos = flowStartNanos;
        f.bytes = new byte[0];
        return f;
    }

    public FlowKey key() { return key; }
    /** The first packet's time of the frame's flow, in epoch nanoseconds. */
    public long flowStartNanos() { return flowStartNanos; }
    public boolean isEnd() { return end; }
    /** For an end: whether the flow got a record, and so a verdict. */
    public boolean recorded() { return recorded; }
    public long timestampNanos() { return timestampNanos; }
    /** The frame's length on the wire (at least its captured bytes). */
    public int wireLength() { return wireLength; }
    /** The tcpdump.org {@code LINKTYPE_} of the bytes. */
    public int linkType() { return linkType; }
    /** The captured bytes, from the link-layer header on; empty for an end. */
    public byte[] bytes() { return bytes; }

    @Override
    public String toString() {
        return (end ? "end of " : bytes.length + " bytes of ") + key + " @" + flowStartNanos;
    }

    /** Type information for {@link FlowFrame}. */
    static final class FlowFrameTypeInfo extends SerializerTypeInfo<FlowFrame> {
        private static final long serialVersionUID = 1L;

        FlowFrameTypeInfo() {
            super(FlowFrame.class, FlowFrameSerializer.INSTANCE, false);
        }
    }
}
