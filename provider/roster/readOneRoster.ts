/**
 * `roster.readOneRoster(dir, options?)`: the users of an unzipped OneRoster 1.1 or 1.2 CSV export.
 * 1.1 keeps each user's role and organizations in `users.csv`; 1.2 moves them to `roles.csv` (one row
 * per user, role and organization). Rows marked `tobedeleted` and disabled users are left out.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { OrganizationRole } from "../flat/models";
import { CsvRow, readCsvTable, requireColumns } from "./csvFile";
import { RosterBuilder, RosterEntry } from "./entries";

/** Roles of the OneRoster 1.1 and 1.2 vocabularies. */
export const oneRosterRoles = [
    "administrator",
    "aide",
    "counselor",
    "districtAdministrator",
    "guardian",
    "parent",
    "principal",
    "proctor",
    "relative",
    "siteAdministrator",
    "student",
    "systemAdministrator",
    "teacher",
] as const;

/** Flat role of each OneRoster role that gets an account by default; the others are left out. */
export const defaultRoleMapping: Readonly<Record<string, OrganizationRole>> = {
    student: "user",
    teacher: "teacher",
    administrator: "admin",
    siteAdministrator: "admin",
    districtAdministrator: "admin",
    systemAdministrator: "admin",
    principal: "admin",
};

export interface ReadOneRosterOptions {
    /** OneRoster roles to keep (e.g. `["student"]`); by default every role that maps to a Flat role. */
    readonly roles?: readonly string[];
    /** Keep only users of these organizations (schools, districts) by their `sourcedId`. */
    readonly orgSourcedIds?: readonly string[];
    /** Extra or different OneRoster → Flat role mappings (e.g. `{ aide: "teacher" }`); `null` leaves a role out. */
    readonly roleMapping?: Readonly<Record<string, OrganizationRole | null>>;
}

interface RoleRow {
    readonly role: string;
    readonly primary: boolean;
}

/** Reads `dir/users.csv` (and `dir/roles.csv` for 1.2); throws a `RosterError` listing every bad row at once. */
export function readOneRoster(dir: string, options: ReadOneRosterOptions = {}): RosterEntry[] {
    const manifest = readManifest(dir);
    const usersFile = path.join(dir, "users.csv");
    const users = readCsvTable(usersFile);
    const mapping: Record<string, OrganizationRole | null> = { ...defaultRoleMapping, ...options.roleMapping };
    const known = new Set<string>([...oneRosterRoles, ...Object.keys(mapping)]);
    for (const role of options.roles ?? [])
        if (!known.has(role))
            throw new Error(`roster: roles option: ${JSON.stringify(role)} is not one of ${[...known].join(", ")}`);
    const wanted = (role: string) => (options.roles ? options.roles.includes(role) : true);
    const inOrgs = (orgs: readonly string[]) =>
        !options.orgSourcedIds || orgs.some((o) => options.orgSourcedIds!.includes(o));
    const out = new RosterBuilder();
    out.rejectAll(users.ragged);

    const version12 = manifest.get("oneroster.version")?.startsWith("1.2") ?? !users.header.includes("role");
    let rolesOf: (row: CsvRow) => RoleRow[];
    if (version12) {
        const byUser = readRoles(
            path.join(dir, "roles.csv"),
            (row) => inOrgs([row.cells.orgSourcedId.trim()]),
            known,
            out,
        );
        rolesOf = (row) => byUser.get(row.cells.sourcedId.trim()) ?? [];
        requireColumns(usersFile, users, ["sourcedId", "username"]);
    } else {
        requireColumns(usersFile, users, ["sourcedId", "username", "role", "orgSourcedIds"]);
        rolesOf = (row) => {
            const role = row.cells.role.trim();
            if (!known.has(role)) {
                out.reject(usersFile, row.line, unknownRole(role, known));
                return [];
            }
            return inOrgs(splitList(row.cells.orgSourcedIds)) ? [{ role, primary: true }] : [];
        };
    }

    for (const row of users.rows) {
        const c = row.cells;
        if (isDeleted(c.status) || c.enabledUser?.trim().toLowerCase() === "false") continue;
        // A user's primary role among those kept, else the first.
        const roles = rolesOf(row).filter((r) => wanted(r.role) && mapping[r.role]);
        const chosen = roles.find((r) => r.primary) ?? roles[0];
        if (!chosen) continue;
        out.add(usersFile, row.line, {
            username: c.username ?? "",
            email: c.email,
            firstname: c.givenName,
            lastname: c.familyName,
            role: mapping[chosen.role]!,
            sourcedId: c.sourcedId,
            userIds: parseUserIds(c.userIds),
        });
    }
    return out.result();
}

/** `manifest.csv` (`propertyName,value`); a delta export is refused: it is not the whole roster. */
function readManifest(dir: string): Map<string, string> {
    const file = path.join(dir, "manifest.csv");
    if (!fs.existsSync(file)) return new Map();
    const table = readCsvTable(file);
    requireColumns(file, table, ["propertyName", "value"]);
    const manifest = new Map(table.rows.map((r) => [r.cells.propertyName.trim(), r.cells.value.trim()]));
    if (manifest.get("file.users") === "delta")
        throw new Error(
            `roster: ${file} says users.csv is a delta export (file.users=delta); a delta lists only changes, and ` +
                `managing accounts from it would remove everyone it leaves out. Export in bulk mode`,
        );
    return manifest;
}

/** 1.2 `roles.csv`: each user's kept roles; unknown roles are bad rows of that file. */
function readRoles(
    file: string,
    keep: (row: CsvRow) => boolean,
    known: ReadonlySet<string>,
    out: RosterBuilder,
): Map<string, RoleRow[]> {
    const table = readCsvTable(file);
    requireColumns(file, table, ["userSourcedId", "role", "orgSourcedId"]);
    out.rejectAll(table.ragged);
    const byUser = new Map<string, RoleRow[]>();
    for (const row of table.rows) {
        const c = row.cells;
        if (isDeleted(c.status)) continue;
        const role = c.role.trim();
        if (!known.has(role)) {
            out.reject(file, row.line, unknownRole(role, known));
            continue;
        }
        if (!keep(row)) continue;
        const user = c.userSourcedId.trim();
        byUser.set(user, [...(byUser.get(user) ?? []), { role, primary: c.roleType?.trim() === "primary" }]);
    }
    return byUser;
}

const isDeleted = (status: string | undefined) => status?.trim().toLowerCase() === "tobedeleted";

const unknownRole = (role: string, known: ReadonlySet<string>) =>
    role
        ? `role ${JSON.stringify(role)} is not a OneRoster role (${[...known].join(", ")}); map it with the ` +
          `roleMapping option`
        : "role is missing";

/** `{EduBase:U123},{LDAP:jdoe}` → `{ EduBase: "U123", LDAP: "jdoe" }`; entries of another form are ignored. */
function parseUserIds(text: string | undefined): Record<string, string> {
    const ids: Record<string, string> = {};
    for (const m of (text ?? "").matchAll(/\{\s*([^:{}]+?)\s*:\s*([^{}]*?)\s*\}/g)) if (m[2]) ids[m[1]] = m[2];
    return ids;
}

/** A comma-separated list inside one field (several `orgSourcedIds`). */
const splitList = (text: string | undefined) =>
    (text ?? "")
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);
