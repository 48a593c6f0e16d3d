package dev.fewshot.evaluator.api;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Result sets as JSON-ready maps: column names as keys, SQL nulls as JSON nulls, timestamps as ISO-8601 UTC. */
final class Rows {
    private Rows() {
    }

    static List<Map<String, Object>> all(ResultSet rs) throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        while (rs.next()) {
            out.add(one(rs));
        }
        return out;
    }

    static Map<String, Object> one(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            row.put(md.getColumnLabel(i), value(rs, i, md.getColumnType(i)));
        }
        return row;
    }

    private static Object value(ResultSet rs, int i, int type) throws SQLException {
        Object v = switch (type) {
            case Types.TIMESTAMP_WITH_TIMEZONE, Types.TIMESTAMP -> {
                OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
                yield t == null ? null : t.toInstant().toString();
            }
            case Types.DOUBLE, Types.FLOAT, Types.REAL -> rs.getDouble(i);
            case Types.BIGINT -> rs.getLong(i);
            case Types.INTEGER, Types.SMALLINT -> rs.getInt(i);
            default -> rs.getObject(i);
        };
        return rs.wasNull() ? null : v;
    }
}
