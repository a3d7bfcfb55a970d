/**
 * What both roster readers return and how their rows are judged: one entry per account, keyed by a
 * username that is unique case-insensitively (Flat treats usernames so at sign-in) and fits Flat's
 * 30 characters. Every bad row of a file is collected and reported at once, with file and line, so
 * a school fixes its export in one pass and nothing is sent before the whole file is good.
 */
import { OrganizationRole } from "../flat/models";

/** One account of a roster. */
export interface RosterEntry {
    readonly username: string;
    readonly email?: string;
    readonly firstname?: string;
    readonly lastname?: string;
    /** Flat organization role; `user` (student) when the file gives none. */
    readonly role?: OrganizationRole;
    /** The student information system's id of the person (OneRoster `sourcedId`), when the file has one. */
    readonly sourcedId?: string;
    /**
     * The person's ids in other systems, by system (OneRoster `userIds`, `{EduBase:U123}` →
     * `{ EduBase: "U123" }`): how a program finds, say, the EduBase user code of a teacher.
     */
    readonly userIds?: Readonly<Record<string, string>>;
}

/** One rejected row. */
export interface BadRow {
    readonly file: string;
    /** 1-based line of the file (the header is line 1). */
    readonly line: number;
    readonly reason: string;
}

/** Longest username Flat accepts. */
export const MAX_USERNAME_LENGTH = 30;
/** Bad rows listed in an error message; the error's `rows` keeps all of them. */
const LISTED_ROWS = 50;

export class RosterError extends Error {
    constructor(readonly rows: readonly BadRow[]) {
        const listed = rows.slice(0, LISTED_ROWS).map((r) => `  ${r.file}:${r.line}: ${r.reason}`);
        const more = rows.length > LISTED_ROWS ? [`  … and ${rows.length - LISTED_ROWS} more`] : [];
        super(
            `roster: ${rows.length} bad row${rows.length === 1 ? "" : "s"}, nothing was ` +
                `read:\n${[...listed, ...more].join("\n")}`,
        );
        this.name = "RosterError";
    }
}

/** Collects entries and bad rows; `result()` throws every bad row at once. */
export class RosterBuilder {
    private readonly entries: RosterEntry[] = [];
    private readonly bad: BadRow[] = [];
    /** Lowercased username → where it was first seen. */
    private readonly seen = new Map<string, { file: string; line: number }>();

    reject(file: string, line: number, reason: string): void {
        this.bad.push({ file, line, reason });
    }

    rejectAll(rows: readonly BadRow[]): void {
        this.bad.push(...rows);
    }

    add(file: string, line: number, entry: RosterEntry): void {
        const username = entry.username.trim();
        if (!username) return this.reject(file, line, "username is missing");
        if (username.length > MAX_USERNAME_LENGTH)
            return this.reject(
                file,
                line,
                `username ${JSON.stringify(username)} is ${username.length} characters long; Flat allows at most ` +
                    `${MAX_USERNAME_LENGTH}`,
            );
        const key = username.toLowerCase();
        const first = this.seen.get(key);
        if (first)
            return this.reject(
                file,
                line,
                `username ${JSON.stringify(username)} is already used on line ` +
                    `${first.line}${first.file === file ? "" : ` of ${first.file}`} (usernames are ` +
                    `case-insensitive)`,
            );
        this.seen.set(key, { file, line });
        this.entries.push(withoutEmpty({ ...entry, username }));
    }

    result(): RosterEntry[] {
        if (this.bad.length)
            throw new RosterError([...this.bad].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line));
        return this.entries;
    }
}

/** Blank cells are "not given", not an empty value to send. */
function withoutEmpty(entry: RosterEntry): RosterEntry {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(entry)) {
        if (typeof v === "string" && v.trim() !== "") out[k] = v.trim();
        else if (v && typeof v === "object" && Object.keys(v as object).length) out[k] = v;
    }
    return out as unknown as RosterEntry;
}
