package io.flowmeter.model.stage;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.co.CoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.function.SerializableFunction;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies model data to rows: the model stream is broadcast to every subtask of the rows, and rows that arrive
 * before the model are held until it does. This is the plain broadcast/connect that replaces Flink ML's
 * {@code BroadcastUtils}, which needs the unpublished iteration module.
 *
 * <p>The rows held are in memory, not in checkpointed state: right for training and evaluation (bounded, and
 * re-run whole on failure) and for scoring with a model read from files, which arrives within moments of start.
 */
public final class ModelBroadcast {

    private ModelBroadcast() {}

    /** Something that scores one input with the model it was made from. */
    interface Scorer<IN, OUT> extends Serializable {
        OUT apply(IN input);
    }

    public static <IN, M, OUT> DataStream<OUT> apply(DataStream<IN> inputs, DataStream<M> model,
            SerializableFunction<M, Scorer<IN, OUT>> scorerOf, TypeInformation<OUT> outputType, String name) {
        return inputs.connect(model.broadcast())
                .process(new Join<>(scorerOf), outputType)
                .name(name);
    }

    private static final class Join<IN, M, OUT> extends CoProcessFunction<IN, M, OUT> {
        private static final long serialVersionUID = 1L;

        private final SerializableFunction<M, Scorer<IN, OUT>> scorerOf;
        private transient Scorer<IN, OUT> scorer;
        private transient List<IN> waiting;

        Join(SerializableFunction<M, Scorer<IN, OUT>> scorerOf) {
            this.scorerOf = scorerOf;
        }

        @Override
        public void processElement1(IN input, Context ctx, Collector<OUT> out) {
            if (scorer != null) {
                out.collect(scorer.apply(input));
                return;
            }
            if (waiting == null) {
                waiting = new ArrayList<>();
            }
            waiting.add(input);
        }

        @Override
        public void processElement2(M model, Context ctx, Collector<OUT> out) {
            scorer = scorerOf.apply(model);
            if (waiting != null) {
                waiting.forEach(input -> out.collect(scorer.apply(input)));
                waiting = null;
            }
        }
    }
}
