/**
 * SQL for `expr` as searches compare it, the same on every engine and every database locale: compatibility
 * decomposition (NFKD) with the combining marks it splits off (U+0300–U+036F) dropped, so accents, the tilde of ñ
 * and full-width forms go; the Latin letters with a stroke, which have no decomposition, mapped by hand; then lower
 * case in ASCII only (the "C" collation), whatever the database's own collation would do with other scripts.
 * Plain SQL rather than the `unaccent` extension: PGlite ships it, but its rules file differs between PostgreSQL
 * releases and it would have to be installed on every server. Needs a UTF8 database (PostgreSQL's usual encoding;
 * PGlite's always) for `normalize`.
 */
export function folded(expr: string): string {
  const unaccented = `regexp_replace(normalize(${expr}, NFKD), '[\\u0300-\\u036f]', '', 'g')`;
  return `lower(translate(${unaccented}, 'ØøŁłĐđĦħı', 'OoLlDdHhi') COLLATE "C")`;
}
