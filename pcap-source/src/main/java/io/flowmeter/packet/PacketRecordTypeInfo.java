package io.flowmeter.packet;

import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Type information for {@link PacketRecord}, backed by {@link PacketRecordSerializer}. */
public final class PacketRecordTypeInfo extends TypeInformation<PacketRecord> {

    private static final long serialVersionUID = 1L;

    public static final PacketRecordTypeInfo INSTANCE = new PacketRecordTypeInfo();

    @Override public boolean isBasicType() { return false; }
    @Override public boolean isTupleType() { return false; }
    @Override public int getArity() { return 1; }
    @Override public int getTotalFields() { return 1; }
    @Override public Class<PacketRecord> getTypeClass() { return PacketRecord.class; }
    @Override public boolean isKeyType() { return false; }

    @Override
    public TypeSerializer<PacketRecord> createSerializer(ExecutionConfig config) {
        return PacketRecordSerializer.INSTANCE;
    }

    @Override public String toString() { return "PacketRecord"; }
    @Override public boolean equals(Object obj) { return obj instanceof PacketRecordTypeInfo; }
    @Override public int hashCode() { return PacketRecordTypeInfo.class.hashCode(); }
    @Override public boolean canEqual(Object obj) { return obj instanceof PacketRecordTypeInfo; }
}
