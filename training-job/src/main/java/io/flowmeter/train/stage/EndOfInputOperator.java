package io.flowmeter.train.stage;

import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.function.SerializableFunction;

import java.util.ArrayList;
import java.util.List;

/**
 * Gathers what one subtask receives and, at the end of its bounded input, turns it into one result: the
 * "map partition" that training needs. Flink ML's own {@code DataStreamUtils.mapPartition} needs the iteration
 * module, which is not published for Flink 1.17; this operator needs nothing beyond the DataStream API.
 *
 * <p>Run it at the input's parallelism to work on partitions in parallel, or at parallelism 1 to see everything.
 */
final class EndOfInputOperator<IN, OUT> extends AbstractStreamOperator<OUT>
        implements OneInputStreamOperator<IN, OUT>, BoundedOneInput {

    private static final long serialVersionUID = 1L;

    private final SerializableFunction<List<IN>, OUT> atEnd;
    private transient List<IN> gathered;

    EndOfInputOperator(SerializableFunction<List<IN>, OUT> atEnd) {
        this.atEnd = atEnd;
    }

    @Override
    public void open() throws Exception {
        super.open();
        gathered = new ArrayList<>();
    }

    @Override
    public void processElement(StreamRecord<IN> element) {
        gathered.add(element.getValue());
    }

    @Override
    public void endInput() {
        if (!gathered.isEmpty()) {
            output.collect(new StreamRecord<>(atEnd.apply(gathered)));
        }
        gathered = null;
    }
}
