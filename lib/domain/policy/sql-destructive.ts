/**
 * Whether SQL text drops, truncates, or deletes without a `WHERE`: the statements that lose whole
 * tables of data. Comments, string literals and quoted identifiers are blanked first, so
 * `SELECT 'DROP TABLE x'` and `-- DROP TABLE x` do not count.
 */
export function isDestructiveSql(sql: string): boolean {
  return splitStatements(blankLiterals(sql)).some(isDestructiveStatement);
}

function isDestructiveStatement(statement: string): boolean {
  const s = statement.replace(/\s+/g, " ").trim().toUpperCase();
  if (/^DROP (TABLE|DATABASE|SCHEMA|VIEW|MATERIALIZED VIEW|SEQUENCE|TYPE|OWNED|USER|ROLE|TABLESPACE|EXTENSION|COLLECTION|KEYSPACE)\b/.test(s)) return true;
  if (/^ALTER TABLE\b.*\bDROP (COLUMN|PARTITION)\b/.test(s)) return true;
  // A shell's `truncate -s 0 file` or prose ("truncate the log") is not a table list.
  if (/^TRUNCATE (TABLE )?(ONLY )?[\w.$]+( ?, ?[\w.$]+)*( (CASCADE|RESTRICT|RESTART IDENTITY|CONTINUE IDENTITY))*$/.test(s)) return true;
  const del = /\bDELETE FROM\b/.exec(s);
  if (del) {
    const rest = s.slice(del.index);
    const where = /\bWHERE\b(.*)$/.exec(rest);
    if (!where) return true;
    // `WHERE true` and `WHERE 1=1` filter nothing.
    if (/^ ?(TRUE|1 ?= ?1|'?X'? ?= ?'?X'?)( RETURNING\b.*)? ?$/.test(where[1] ?? "")) return true;
  }
  return false;
}

/** Comments and quoted text become blanks (quoted identifiers become `x`), keeping statement boundaries. */
function blankLiterals(sql: string): string {
  let out = "";
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    const next = sql[i + 1];
    if (c === "-" && next === "-") {
      const end = sql.indexOf("\n", i);
      i = end === -1 ? sql.length : end;
      out += " ";
    } else if (c === "/" && next === "*") {
      const end = sql.indexOf("*/", i + 2);
      i = end === -1 ? sql.length : end + 2;
      out += " ";
    } else if (c === "'") {
      i = skipQuoted(sql, i, "'");
      out += " '' ";
    } else if (c === '"' || c === "`") {
      i = skipQuoted(sql, i, c);
      out += " x ";
    } else if (c === "$") {
      const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(i, i + 64))?.[0];
      if (tag) {
        const end = sql.indexOf(tag, i + tag.length);
        i = end === -1 ? sql.length : end + tag.length;
        out += " '' ";
      } else {
        out += c;
        i++;
      }
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** Past the closing quote; a doubled quote is an escaped one. */
function skipQuoted(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return sql.length;
}

function splitStatements(sql: string): string[] {
  return sql.split(";").filter((statement) => statement.trim() !== "");
}
