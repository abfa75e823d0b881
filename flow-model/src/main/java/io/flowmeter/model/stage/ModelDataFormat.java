package io.flowmeter.model.stage;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;

/**
 * Reads a stage's model data file for Flink ML's {@code ReadWriteUtils.loadModelData}: records decoded one after
 * another by {@code decoder}, which returns null at the end of the file.
 */
final class ModelDataFormat<T> extends SimpleStreamFormat<T> {

    private static final long serialVersionUID = 1L;

    /** Decodes one record from a stream, or returns null at its end. */
    interface Decoder<T> extends Serializable {
        T decode(InputStream stream) throws IOException;
    }

    private final Class<T> type;
    private final Decoder<T> decoder;

    ModelDataFormat(Class<T> type, Decoder<T> decoder) {
        this.type = type;
        this.decoder = decoder;
    }

    @Override
    public Reader<T> createReader(Configuration config, FSDataInputStream stream) {
        return new Reader<T>() {
            @Override
            public T read() throws IOException {
                return decoder.decode(stream);
            }

            @Override
            public void close() throws IOException {
                stream.close();
            }
        };
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return TypeInformation.of(type);
    }
}
