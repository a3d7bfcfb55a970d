/**
 * `roster.readCsv(path, options?)`: a plain CSV roster, one account per row, header
 * `username,email,firstname,lastname,role` by default.
 */
import { OrganizationRole, organizationRoles } from "../flat/models";
import { readCsvTable, requireColumns } from "./csvFile";
import { RosterBuilder, RosterEntry } from "./entries";

export type RosterField = "username" | "email" | "firstname" | "lastname" | "role" | "sourcedId";

export interface ReadCsvOptions {
    /** Header names of the file's columns, when they differ from the field names (e.g. `{ username: "login" }`). */
    readonly columns?: Partial<Record<RosterField, string>>;
    /**
     * Role values of the file mapped to Flat roles (e.g. `{ student: "user", staff: "teacher" }`); a
     * value mapped to `null` leaves the row out. Flat's own role names are always accepted.
     */
    readonly roles?: Readonly<Record<string, OrganizationRole | null>>;
    /** Field separator; `,` by default. */
    readonly delimiter?: string;
}

const fields: readonly RosterField[] = ["username", "email", "firstname", "lastname", "role", "sourcedId"];

/** Reads every row of `path`; throws a `RosterError` listing every bad row (file, line, reason) at once. */
export function readCsv(path: string, options: ReadCsvOptions = {}): RosterEntry[] {
    const table = readCsvTable(path, options.delimiter);
    const column = (f: RosterField) => options.columns?.[f] ?? f;
    requireColumns(path, table, [column("username")]);
    const roles: Record<string, OrganizationRole | null> = {
        ...Object.fromEntries(organizationRoles.map((r) => [r, r])),
        ...options.roles,
    };
    const known = Object.keys(roles);
    const out = new RosterBuilder();
    out.rejectAll(table.ragged);
    for (const { line, cells } of table.rows) {
        const entry: Record<string, string | undefined> = {};
        for (const f of fields) entry[f] = cells[column(f)];
        const role = entry.role?.trim();
        if (role) {
            if (!Object.prototype.hasOwnProperty.call(roles, role)) {
                out.reject(path, line, `role ${JSON.stringify(role)} is not one of ${known.join(", ")}`);
                continue;
            }
            const mapped = roles[role];
            if (mapped === null) continue;
            entry.role = mapped;
        }
        out.add(path, line, entry as unknown as RosterEntry);
    }
    return out.result();
}
