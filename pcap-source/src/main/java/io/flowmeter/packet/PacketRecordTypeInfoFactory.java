package io.flowmeter.packet;

import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;

import java.lang.reflect.Type;
import java.util.Map;

/** Tells Flink to serialize {@link PacketRecord} with {@link PacketRecordSerializer}. */
public final class PacketRecordTypeInfoFactory extends TypeInfoFactory<PacketRecord> {

    @Override
    public TypeInformation<PacketRecord> createTypeInfo(Type type, Map<String, TypeInformation<?>> genericParameters) {
        return PacketRecordTypeInfo.INSTANCE;
    }
}
