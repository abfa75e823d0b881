package io.flowmeter.packet;

import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/**
 * Compact binary form of {@link PacketRecord}: a kind byte, then the fixed packet fields, then a byte saying
 * whether the frame's bytes follow (link type, length, bytes: only when frames are kept for forwarding); markers
 * add their file name, error and counts. Never Kryo, never reflection. Records only travel between operators (no
 * state holds them), so the form may change between builds.
 */
public final class PacketRecordSerializer extends TypeSerializerSingleton<PacketRecord> {

    private static final long serialVersionUID = 1L;

    public static final PacketRecordSerializer INSTANCE = new PacketRecordSerializer();

    private static final int NO_STRING = 0;
    private static final int HAS_STRING = 1;
    private static final int NO_FRAME = 0;
    private static final int HAS_FRAME = 1;

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public PacketRecord createInstance() {
        return new PacketRecord();
    }

    @Override
    public PacketRecord copy(PacketRecord from) {
        return new PacketRecord().copyFrom(from);
    }

    @Override
    public PacketRecord copy(PacketRecord from, PacketRecord reuse) {
        return reuse.copyFrom(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(PacketRecord r, DataOutputView out) throws IOException {
        out.writeByte(r.getKind().ordinal());
        out.writeLong(r.getTimestampNanos());
        if (r.getKind().isMarker()) {
            writeNullableString(r.getFile(), out);
            writeNullableString(r.getError(), out);
            out.writeLong(r.getFileBytes());
            return;
        }
        out.writeInt(r.getWireLength());
        out.writeInt(r.getCapturedLength());
        out.writeByte(r.getIpVersion());
        out.writeByte(r.getProtocol());
        out.writeLong(r.getSrcHi());
        out.writeLong(r.getSrcLo());
        out.writeLong(r.getDstHi());
        out.writeLong(r.getDstLo());
        out.writeShort(r.getSrcPort());
        out.writeShort(r.getDstPort());
        out.writeShort(r.getTcpFlags());
        out.writeShort(r.getTcpWindow());
        out.writeInt(r.getTcpSeq());
        out.writeInt(r.getIpPayloadLength());
        out.writeShort(r.getTransportHeaderLength());
        out.writeInt(r.getIcmpTypeCode());
        out.writeByte(HeaderField.VALUES.length);
        for (HeaderField field : HeaderField.VALUES) {
            out.writeInt(r.getHeaderField(field));
        }
        if (r.hasFrame()) {
            out.writeByte(HAS_FRAME);
            out.writeInt(r.getLinkType());
            out.writeInt(r.getFrameLength());
            out.write(r.getFrame(), 0, r.getFrameLength());
        } else {
            out.writeByte(NO_FRAME);
        }
    }

    @Override
    public PacketRecord deserialize(DataInputView in) throws IOException {
        return deserialize(new PacketRecord(), in);
    }

    @Override
    public PacketRecord deserialize(PacketRecord r, DataInputView in) throws IOException {
        r.reset();
        r.setKind(PacketKind.ofOrdinal(in.readUnsignedByte()));
        r.setTimestampNanos(in.readLong());
        if (r.getKind().isMarker()) {
            r.setFile(readNullableString(in));
            r.setError(readNullableString(in));
            r.setFileBytes(in.readLong());
            return r;
        }
        r.setWireLength(in.readInt());
        r.setCapturedLength(in.readInt());
        r.setIpVersion(in.readUnsignedByte());
        r.setProtocol(in.readUnsignedByte());
        long srcHi = in.readLong();
        r.setSrc(srcHi, in.readLong());
        long dstHi = in.readLong();
        r.setDst(dstHi, in.readLong());
        r.setSrcPort(in.readUnsignedShort());
        r.setDstPort(in.readUnsignedShort());
        r.setTcpFlags(in.readUnsignedShort());
        r.setTcpWindow(in.readUnsignedShort());
        r.setTcpSeq(in.readInt());
        r.setIpPayloadLength(in.readInt());
        r.setTransportHeaderLength(in.readUnsignedShort());
        r.setIcmpTypeCode(in.readInt());
        int fields = in.readUnsignedByte(); // a sender with more fields than this build knows: skip the rest
        for (int i = 0; i < fields; i++) {
            int value = in.readInt();
            if (i < HeaderField.VALUES.length) {
                r.setHeaderField(HeaderField.VALUES[i], value);
            }
        }
        if (in.readUnsignedByte() == HAS_FRAME) {
            int linkType = in.readInt();
            int length = in.readInt();
            byte[] buffer = r.frameBuffer(length);
            in.readFully(buffer, 0, length);
            r.setFrame(buffer, 0, length, linkType);
        }
        return r;
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public TypeSerializerSnapshot<PacketRecord> snapshotConfiguration() {
        return new PacketRecordSerializerSnapshot();
    }

    private static void writeNullableString(String value, DataOutputView out) throws IOException {
        if (value == null) {
            out.writeByte(NO_STRING);
        } else {
            out.writeByte(HAS_STRING);
            out.writeUTF(value.length() > 16_000 ? value.substring(0, 16_000) : value);
        }
    }

    private static String readNullableString(DataInputView in) throws IOException {
        return in.readUnsignedByte() == NO_STRING ? null : in.readUTF();
    }

    /** Snapshot for {@link PacketRecordSerializer}; the format is versioned by this class. */
    public static final class PacketRecordSerializerSnapshot
            extends SimpleTypeSerializerSnapshot<PacketRecord> {
        public PacketRecordSerializerSnapshot() {
            super(() -> INSTANCE);
        }
    }
}
