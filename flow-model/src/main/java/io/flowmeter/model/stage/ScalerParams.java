package io.flowmeter.model.stage;

import org.apache.flink.ml.common.param.HasInputCol;
import org.apache.flink.ml.common.param.HasOutputCol;
import org.apache.flink.ml.param.BooleanParam;
import org.apache.flink.ml.param.Param;

/** Parameters of {@link StandardScaler} and {@link StandardScalerModel}. */
public interface ScalerParams<T> extends HasInputCol<T>, HasOutputCol<T> {

    Param<Boolean> APPEND_CONSTANT = new BooleanParam("appendConstant",
            "Whether to append a constant 1 to each scaled vector: the input of the intercept for models, such as"
                    + " Flink ML's logistic regression, that have no intercept term.", false);

    default boolean getAppendConstant() {
        return get(APPEND_CONSTANT);
    }

    default T setAppendConstant(boolean value) {
        return set(APPEND_CONSTANT, value);
    }
}
