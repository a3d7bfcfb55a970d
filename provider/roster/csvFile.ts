/**
 * Reading CSV files with csv-parse (RFC 4180 quoting, a BOM ignored), row by row with the line each
 * record starts on, so a reader can name the line of every bad row.
 */
import * as fs from "node:fs";
import { parse } from "csv-parse/sync";
import type { BadRow } from "./entries";

export interface CsvRow {
    /** 1-based line of the file where the record starts. */
    readonly line: number;
    /** Cells by header name. */
    readonly cells: Readonly<Record<string, string>>;
}

export interface CsvTable {
    readonly header: readonly string[];
    readonly rows: readonly CsvRow[];
    /** Rows whose number of fields differs from the header's: bad rows, left out of `rows`. */
    readonly ragged: readonly BadRow[];
}

/** Parses `file` with a header row; a malformed file (unclosed quote, ragged row) fails naming the file and line. */
export function readCsvTable(file: string, delimiter = ","): CsvTable {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (err) {
        throw new Error(`roster: cannot read ${file}: ${(err as Error).message}`, { cause: err });
    }
    let records: { info: { lines: number; raw?: string }; record: string[] }[];
    try {
        records = parse(text, {
            bom: true,
            delimiter,
            info: true,
            skip_empty_lines: true,
            relax_column_count: true,
        }) as unknown as typeof records;
    } catch (err) {
        throw new Error(`roster: ${file} is not a valid CSV file: ${(err as Error).message}`, { cause: err });
    }
    if (records.length === 0) return { header: [], rows: [], ragged: [] };
    const header = records[0].record.map((h) => h.trim());
    const rows: CsvRow[] = [];
    const ragged: BadRow[] = [];
    // No line breaks inside fields (OneRoster forbids them), so a record's last line is its line.
    for (const { info, record } of records.slice(1)) {
        if (record.length !== header.length)
            ragged.push({
                file,
                line: info.lines,
                reason: `has ${record.length} fields; the header has ${header.length} (an unquoted comma?)`,
            });
        else rows.push({ line: info.lines, cells: Object.fromEntries(header.map((name, i) => [name, record[i]])) });
    }
    return { header, rows, ragged };
}

/** Fails when `required` columns are missing from the header, naming them and what the header has. */
export function requireColumns(file: string, table: CsvTable, required: readonly string[]): void {
    const missing = required.filter((c) => !table.header.includes(c));
    if (missing.length)
        throw new Error(
            `roster: ${file} has no ${missing.map((m) => JSON.stringify(m)).join(", ")} ` +
                `column${missing.length > 1 ? "s" : ""}; its header is ${table.header.join(",") || "(empty)"}`,
        );
}
