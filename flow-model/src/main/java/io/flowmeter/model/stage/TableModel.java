package io.flowmeter.model.stage;

import org.apache.flink.ml.api.Model;
import org.apache.flink.ml.param.Param;
import org.apache.flink.ml.util.ParamUtils;
import org.apache.flink.table.api.Table;

import java.util.HashMap;
import java.util.Map;

/** What every model stage here holds: its parameters, and its model data as one table. */
abstract class TableModel<T extends TableModel<T>> implements Model<T> {

    private final Map<Param<?>, Object> paramMap = new HashMap<>();
    protected Table modelData;

    protected TableModel() {
        ParamUtils.initializeMapWithDefaultValues(paramMap, this);
    }

    @Override
    @SuppressWarnings("unchecked")
    public T setModelData(Table... inputs) {
        modelData = inputs[0];
        return (T) this;
    }

    @Override
    public Table[] getModelData() {
        return new Table[] {modelData};
    }

    @Override
    public Map<Param<?>, Object> getParamMap() {
        return paramMap;
    }
}
