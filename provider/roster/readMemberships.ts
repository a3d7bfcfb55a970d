/**
 * `roster.readMemberships(path)`: one EduBase organization's members, one row per user, as
 * `edu-org export edubase` writes them: `user`, then either a `department` (which carries its own
 * permission levels) or `permissionOrganization` and `permissionContent` (default `member` and
 * `none`); other columns, such as `name`, are for people only. Returned as the sets
 * `edubase.OrganizationMembers` takes: one per department and one per permission pair, users sorted.
 */
import {
    PermissionContent,
    permissionContentLevels,
    PermissionOrganization,
    permissionOrganizationLevels,
} from "../edubase/client";
import { readCsvTable, requireColumns } from "./csvFile";
import { BadRow, RosterError } from "./entries";

/** One department or one permission pair of an organization, and its users. */
export interface MembershipSet {
    /** Names the set within its organization: `department/<name>` or `<permissionOrganization>+<permissionContent>`. */
    readonly key: string;
    readonly users: string[];
    readonly department?: string;
    readonly permissionOrganization?: PermissionOrganization;
    readonly permissionContent?: PermissionContent;
}

/** Reads every row of `path`; throws a `RosterError` listing every bad row (file, line, reason) at once. */
export function readMemberships(path: string): MembershipSet[] {
    const table = readCsvTable(path);
    requireColumns(path, table, ["user"]);
    const bad: BadRow[] = [...table.ragged];
    const sets = new Map<string, MembershipSet>();
    const seen = new Map<string, number>();
    for (const { line, cells } of table.rows) {
        const reject = (reason: string) => bad.push({ file: path, line, reason });
        const cell = (column: string) => cells[column]?.trim() || undefined;
        const user = cell("user");
        const department = cell("department");
        const levels = {
            permissionOrganization: cell("permissionOrganization"),
            permissionContent: cell("permissionContent"),
        };
        if (!user) {
            reject("user is missing");
            continue;
        }
        if (/[,/\s]/.test(user)) {
            reject(
                `user ${JSON.stringify(user)} must be an EduBase identification string without commas, slashes or ` +
                    `spaces`,
            );
            continue;
        }
        const first = seen.get(user);
        if (first !== undefined) {
            reject(`user ${JSON.stringify(user)} is already on line ${first}: one row per member`);
            continue;
        }
        seen.set(user, line);
        if (department !== undefined) {
            const explicit = Object.entries(levels).filter(([, v]) => v !== undefined);
            if (explicit.length) {
                reject(
                    `department and ${explicit.map(([k]) => k).join("/")} cannot both be set: a department carries ` +
                        `its own permission levels`,
                );
                continue;
            }
            add(sets, `department/${department}`, user, { department });
            continue;
        }
        const permissionOrganization = levels.permissionOrganization ?? "member";
        const permissionContent = levels.permissionContent ?? "none";
        const unknown = [
            level("permissionOrganization", permissionOrganization, permissionOrganizationLevels),
            level("permissionContent", permissionContent, permissionContentLevels),
        ].filter((r): r is string => r !== undefined);
        if (unknown.length) {
            unknown.forEach(reject);
            continue;
        }
        add(sets, `${permissionOrganization}+${permissionContent}`, user, {
            permissionOrganization: permissionOrganization as PermissionOrganization,
            permissionContent: permissionContent as PermissionContent,
        });
    }
    if (bad.length) throw new RosterError(bad.sort((a, b) => a.line - b.line));
    return [...sets.values()]
        .map((s) => ({ ...s, users: [...s.users].sort() }))
        .sort((a, b) => a.key.localeCompare(b.key));
}

function level(column: string, value: string, allowed: readonly string[]): string | undefined {
    return allowed.includes(value)
        ? undefined
        : `${column} ${JSON.stringify(value)} is not one of ${allowed.join(", ")}`;
}

function add(
    sets: Map<string, MembershipSet>,
    key: string,
    user: string,
    settings: Omit<MembershipSet, "key" | "users">,
) {
    const set = sets.get(key) ?? { key, users: [], ...settings };
    set.users.push(user);
    sets.set(key, set);
}
