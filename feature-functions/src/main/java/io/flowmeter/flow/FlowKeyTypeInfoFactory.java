package io.flowmeter.flow;

import io.flowmeter.packet.SerializerTypeInfo;

import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;

import java.lang.reflect.Type;
import java.util.Map;

/** Tells Flink to serialize {@link FlowKey} with {@link FlowKeySerializer}, and that it can be a key. */
public final class FlowKeyTypeInfoFactory extends TypeInfoFactory<FlowKey> {

    @Override
    public TypeInformation<FlowKey> createTypeInfo(Type type, Map<String, TypeInformation<?>> genericParameters) {
        return new FlowKeyTypeInfo();
    }

    /** Type information for {@link FlowKey}. */
    public static final class FlowKeyTypeInfo extends SerializerTypeInfo<FlowKey> {
        private static final long serialVersionUID = 1L;

        public FlowKeyTypeInfo() {
            super(FlowKey.class, FlowKeySerializer.INSTANCE, true);
        }
    }
}
