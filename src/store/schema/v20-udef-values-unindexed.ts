/**
 * Schema v20: drops v16's secondary index on user-defined field values (context, field, value). Nothing
 * reads values by field and value: the archive reads a record's value by the primary key, and the one
 * statement that filters by field alone (deleting a field's values, a rare admin action) reads the tenant's
 * rows by the primary key's first column instead. Every tenant carries ~7,900 value rows, so the index was
 * a second B-tree entry on every insert and delete of them: measured (issue #19) it was 4 of the 5 ms a
 * reset spent deleting an added tenant's values, and a like share of creating a tenant.
 */
export const schemaV20 = /* sql */ `
DROP INDEX udef_values_by_field;
`;
