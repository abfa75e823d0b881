package io.flowmeter.model.stage;

import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
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
 * <p>The model and the rows still waiting for it are operator state: the model's source reads its files once and
 * has finished by the first checkpoint, so a job restored from a checkpoint (a failover, or {@code --restore})
 * gets its model from the checkpoint, not from the source, and rows held when the checkpoint was taken are not
 * lost. A model that comes on the model stream later replaces the one restored.
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
                .process(new Join<>(scorerOf, inputs.getType(), model.getType()), outputType)
                .name(name);
    }

    static final class Join<IN, M, OUT> extends CoProcessFunction<IN, M, OUT> implements CheckpointedFunction {
        private static final long serialVersionUID = 1L;

        private final SerializableFunction<M, Scorer<IN, OUT>> scorerOf;
        private final TypeInformation<IN> inputType;
        private final TypeInformation<M> modelType;
        private transient M model;
        private transient Scorer<IN, OUT> scorer;
        private transient List<IN> waiting;
        private transient ListState<M> modelState;
        private transient ListState<IN> waitingState;

        Join(SerializableFunction<M, Scorer<IN, OUT>> scorerOf, TypeInformation<IN> inputType,
                TypeInformation<M> modelType) {
            this.scorerOf = scorerOf;
            this.inputType = inputType;
            this.modelType = modelType;
        }

        @Override
        public void initializeState(FunctionInitializationContext context) throws Exception {
            // Union: every subtask gets the model back, whatever the parallelism it is restored at.
            modelState = context.getOperatorStateStore().getUnionListState(
                    new ListStateDescriptor<>("model", modelType));
            waitingState = context.getOperatorStateStore().getListState(
                    new ListStateDescriptor<>("rows-waiting-for-the-model", inputType));
            for (M restored : modelState.get()) {
                model = restored;
                scorer = scorerOf.apply(restored);
                break;
            }
            for (IN row : waitingState.get()) {
                if (waiting == null) {
                    waiting = new ArrayList<>();
                }
                waiting.add(row);
            }
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) throws Exception {
            modelState.update(model == null ? List.of() : List.of(model));
            waitingState.update(waiting == null ? List.of() : waiting);
        }

        @Override
        public void processElement1(IN input, Context ctx, Collector<OUT> out) {
            if (scorer != null) {
                // Rows restored beside a restored model (held by another subtask at the snapshot) go first.
                scoreWaiting(out);
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
            this.model = model;
            scorer = scorerOf.apply(model);
            scoreWaiting(out);
        }

        private void scoreWaiting(Collector<OUT> out) {
            if (waiting != null) {
                waiting.forEach(input -> out.collect(scorer.apply(input)));
                waiting = null;
            }
        }
    }
}
