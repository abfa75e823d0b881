package io.flowmeter.packet;

/** Type information for {@link PacketRecord}, backed by {@link PacketRecordSerializer}. */
public final class PacketRecordTypeInfo extends SerializerTypeInfo<PacketRecord> {

    private static final long serialVersionUID = 1L;

    public static final PacketRecordTypeInfo INSTANCE = new PacketRecordTypeInfo();

    public PacketRecordTypeInfo() {
        super(PacketRecord.class, PacketRecordSerializer.INSTANCE, false);
    }
}
