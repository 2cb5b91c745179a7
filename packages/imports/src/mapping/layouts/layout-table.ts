/**
 * One product's export of one object. `columns` maps the product's header
 * to our field, or to null for a column we know and deliberately skip
 * (Outlook's "Title" is a salutation, Google's "E-mail 1 - Type" a label).
 * `patterns` cover numbered columns ("E-mail 3 - Value") and are matched on
 * the header's compact form (lower case, letters and digits only).
 * `signature` lists columns only this product writes: detection needs them.
 */
export interface LayoutTable {
  columns: Readonly<Record<string, string | null>>;
  patterns?: readonly (readonly [RegExp, string | null])[];
  signature: readonly string[];
}
