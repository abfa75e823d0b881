package io.flowmeter.packet;

import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Type information for a type with one serializer of its own (never Kryo, never a POJO analysis): the project's
 * records and keys extend it with their class and serializer.
 */
public abstract class SerializerTypeInfo<T> extends TypeInformation<T> {

    private static final long serialVersionUID = 1L;

    private final Class<T> type;
    private final TypeSerializer<T> serializer;
    private final boolean key;

    /** {@code key}: whether the type can key a stream (its equals and hashCode follow its serialized form). */
    protected SerializerTypeInfo(Class<T> type, TypeSerializer<T> serializer, boolean key) {
        this.type = type;
        this.serializer = serializer;
        this.key = key;
    }

    @Override public boolean isBasicType() { return false; }
    @Override public boolean isTupleType() { return false; }
    @Override public int getArity() { return 1; }
    @Override public int getTotalFields() { return 1; }
    @Override public Class<T> getTypeClass() { return type; }
    @Override public boolean isKeyType() { return key; }

    @Override
    public TypeSerializer<T> createSerializer(ExecutionConfig config) {
        return serializer;
    }

    @Override public String toString() { return type.getSimpleName(); }
    @Override public boolean equals(Object obj) { return obj != null && obj.getClass() == getClass(); }
    @Override public int hashCode() { return getClass().hashCode(); }
    @Override public boolean canEqual(Object obj) { return obj != null && obj.getClass() == getClass(); }
}
