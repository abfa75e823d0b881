package io.flowmeter.flow;

import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

import java.lang.reflect.Type;
import java.util.Map;

/** Tells Flink to serialize {@link FlowKey} with {@link FlowKeySerializer}, and that it can be a key. */
public final class FlowKeyTypeInfoFactory extends TypeInfoFactory<FlowKey> {

    @Override
    public TypeInformation<FlowKey> createTypeInfo(Type type, Map<String, TypeInformation<?>> genericParameters) {
        return new FlowKeyTypeInfo();
    }

    /** Type information for {@link FlowKey}. */
    public static final class FlowKeyTypeInfo extends TypeInformation<FlowKey> {
        private static final long serialVersionUID = 1L;

        @Override public boolean isBasicType() { return false; }
        @Override public boolean isTupleType() { return false; }
        @Override public int getArity() { return 1; }
        @Override public int getTotalFields() { return 1; }
        @Override public Class<FlowKey> getTypeClass() { return FlowKey.class; }
        @Override public boolean isKeyType() { return true; }
        @Override public TypeSerializer<FlowKey> createSerializer(ExecutionConfig config) { return FlowKeySerializer.INSTANCE; }
        @Override public String toString() { return "FlowKey"; }
        @Override public boolean equals(Object obj) { return obj instanceof FlowKeyTypeInfo; }
        @Override public int hashCode() { return FlowKeyTypeInfo.class.hashCode(); }
        @Override public boolean canEqual(Object obj) { return obj instanceof FlowKeyTypeInfo; }
    }
}
