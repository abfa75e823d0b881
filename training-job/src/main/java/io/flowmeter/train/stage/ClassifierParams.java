package io.flowmeter.train.stage;

import org.apache.flink.ml.common.param.HasFeaturesCol;
import org.apache.flink.ml.common.param.HasLabelCol;
import org.apache.flink.ml.common.param.HasPredictionCol;
import org.apache.flink.ml.common.param.HasRawPredictionCol;
import org.apache.flink.ml.param.Param;
import org.apache.flink.ml.param.ParamValidators;
import org.apache.flink.ml.param.StringParam;

/** Parameters both classifiers' estimators share. Their models keep only the column names. */
public interface ClassifierParams<T>
        extends HasFeaturesCol<T>, HasLabelCol<T>, HasPredictionCol<T>, HasRawPredictionCol<T> {

    String BALANCED = "balanced";
    String NONE = "none";

    Param<String> CLASS_WEIGHT = new StringParam("classWeight",
            "How rows are weighted by class: 'balanced' (each class weighs as much in total) or 'none'.", BALANCED,
            ParamValidators.inArray(BALANCED, NONE));

    default String getClassWeight() {
        return get(CLASS_WEIGHT);
    }

    default T setClassWeight(String value) {
        return set(CLASS_WEIGHT, value);
    }
}
