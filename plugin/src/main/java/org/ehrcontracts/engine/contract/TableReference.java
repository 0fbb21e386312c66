package org.ehrcontracts.engine.contract;

import org.ehrcontracts.engine.types.ColumnType;

/**
 * A column of a table that checks of other tables read as {@code table.column}, for the row their
 * own row references: the person's year of birth, a visit's start date.
 *
 * <p>The verifier keeps such a column, by the table's key, only when a check reads it.
 *
 * @param id its number, as {@link org.ehrcontracts.engine.expr.Qualified#reference()} and {@link
 *     org.ehrcontracts.engine.expr.RowValues#referenced} know it
 * @param table the referenced table
 * @param key its key column (a single integer primary key)
 * @param column the column read
 * @param type the column's type
 * @since 0.3.0
 */
public record TableReference(int id, String table, String key, String column, ColumnType type) {}
