/**
 * Organization users (`/organizations/users`) and the caller's own account (`/me`).
 *
 * The account behind an admin token is not listed, counted, updated or deleted through
 * `/organizations/users`, so seeded counts stay exact and a program cannot delete its own token.
 * Emails are unique across all accounts, usernames per organization.
 */
import { OrganizationRole, queryArrayParams, UserAnswer } from "../flatSchemas";
import type { EmulatorResponse } from "../types";
import {
    clientError,
    Context,
    isAnswer,
    noContent,
    notFound,
    ok,
    omitUndefined,
    OrgContext,
    paginate,
    validBody,
    validQuery,
} from "./requests";
import { FlatLicense, FlatState, FlatUserRecord, isTokenAccount, orgUsers } from "./state";

function licenseView(s: FlatState, license: FlatLicense): NonNullable<UserAnswer["license"]> {
    const expired = license.expirationDate !== undefined && Date.parse(license.expirationDate) <= s.now();
    return omitUndefined({ ...license, active: license.active !== false && !expired });
}

function printableName(u: FlatUserRecord): string {
    const full = [u.firstname, u.lastname].filter((p) => p).join(" ");
    return full || u.username;
}

export function userView(s: FlatState, u: FlatUserRecord): UserAnswer {
    return omitUndefined({
        id: u.id,
        type: "user" as const,
        product: u.organization ? ("flatEdu" as const) : ("flat" as const),
        username: u.username,
        printableName: printableName(u),
        firstname: u.firstname,
        lastname: u.lastname,
        picture: null,
        organization: u.organization,
        organizationRole: u.organizationRole,
        email: u.email,
        lastActivityDate: u.lastActivityDate,
        license: u.license ? licenseView(s, u.license) : undefined,
        groups: [...u.groups],
        isEduTestingStudent: u.isEduTestingStudent,
    });
}

/** `UserDetails` for `/me`. */
function meView(s: FlatState, u: FlatUserRecord): Record<string, unknown> {
    const { license: _license, lastActivityDate: _last, isEduTestingStudent: _test, ...base } = userView(s, u);
    return {
        ...base,
        locale: u.locale,
        isEmailVerified: u.email !== undefined,
        privateProfile: false,
        pictureFile: null,
        coverPictureFile: null,
    };
}

export function me(ctx: Context): EmulatorResponse {
    const query = validQuery<{ onlyId?: boolean }>(ctx.req, "meQuery");
    if (isAnswer(query)) return query;
    return ok(query.value.onlyId ? { id: ctx.principal.user.id } : meView(ctx.state, ctx.principal.user));
}

interface UserFilterQuery {
    role?: OrganizationRole[];
    q?: string;
    group?: string[];
    noActiveLicense?: boolean;
    testAccounts?: "exclude" | "only";
    licenseExpirationDate?: string[];
}

function filterUsers(s: FlatState, orgId: string, f: UserFilterQuery): FlatUserRecord[] {
    const q = f.q?.toLowerCase();
    return orgUsers(s, orgId).filter((u) => {
        if (f.role?.length && !f.role.includes(u.organizationRole ?? "user")) return false;
        if (q && ![u.username, u.email, u.firstname, u.lastname].some((v) => v?.toLowerCase().includes(q)))
            return false;
        if (f.group?.length && !f.group.some((g) => u.groups.includes(g))) return false;
        const active = u.license ? licenseView(s, u.license).active : false;
        if (f.noActiveLicense === true && active) return false;
        if (f.testAccounts === "exclude" && u.isEduTestingStudent) return false;
        if (f.testAccounts === "only" && !u.isEduTestingStudent) return false;
        if (f.licenseExpirationDate?.length) {
            const day = u.license?.expirationDate?.slice(0, 10);
            const hit = f.licenseExpirationDate.some((v) =>
                v === "active" ? active : v === "notActive" ? !active : day !== undefined && v.slice(0, 10) === day,
            );
            if (!hit) return false;
        }
        return true;
    });
}

export function listUsers(ctx: OrgContext): EmulatorResponse {
    const query = validQuery<
        UserFilterQuery & {
            sort?: "firstname" | "lastname" | "lastActivityDate" | "licenseExpirationDate";
            direction?: "asc" | "desc";
            onlyIds?: boolean;
            limit?: number;
            next?: string;
            previous?: string;
        }
    >(ctx.req, "userListQuery", queryArrayParams);
    if (isAnswer(query)) return query;
    const q = query.value;
    let list = filterUsers(ctx.state, ctx.org.id, q);
    if (q.sort) {
        const key = q.sort;
        const value = (u: FlatUserRecord) =>
            (key === "licenseExpirationDate" ? u.license?.expirationDate : u[key]) ?? "";
        const sign = q.direction === "desc" ? -1 : 1;
        list = [...list].sort((a, b) => sign * value(a).localeCompare(value(b)));
    }
    const paged = paginate(ctx.req, list, q.limit ?? 25, q);
    if (isAnswer(paged)) return paged;
    // `onlyIds` has no documented response shape; the emulator answers the bare ids.
    const body = q.onlyIds ? paged.page.map((u) => u.id) : paged.page.map((u) => userView(ctx.state, u));
    return ok(body, paged.headers);
}

export function countUsers(ctx: OrgContext): EmulatorResponse {
    const query = validQuery<UserFilterQuery>(ctx.req, "userCountQuery", queryArrayParams);
    if (isAnswer(query)) return query;
    return ok(filterUsers(ctx.state, ctx.org.id, query.value).length);
}

function uniqueness(
    s: FlatState,
    orgId: string,
    fields: { username?: string; email?: string },
    self?: string,
): EmulatorResponse | undefined {
    const username = fields.username?.toLowerCase();
    const email = fields.email?.toLowerCase();
    for (const u of s.users.values()) {
        if (u.id === self) continue;
        if (username !== undefined && u.organization === orgId && u.username.toLowerCase() === username) {
            return clientError("username already used", "username");
        }
        // Emails identify Flat accounts, so they are unique across organizations too.
        if (email !== undefined && u.email?.toLowerCase() === email) return clientError("email already used", "email");
    }
    return undefined;
}

/** The profile fields a creation or an update sends, as the user answer names them. */
type Profile = Pick<UserAnswer, "username" | "firstname" | "lastname" | "email">;

export function createUser(ctx: OrgContext): EmulatorResponse {
    const body = validBody<Profile & { password: string; locale?: string; role?: OrganizationRole }>(
        ctx.req,
        "userCreation",
    );
    if (isAnswer(body)) return body;
    const b = body.value;
    const clash = uniqueness(ctx.state, ctx.org.id, b);
    if (clash) return clash;
    const record: FlatUserRecord = {
        id: ctx.state.newId(),
        organization: ctx.org.id,
        organizationRole: b.role ?? "user",
        username: b.username,
        firstname: b.firstname,
        lastname: b.lastname,
        email: b.email,
        password: b.password,
        locale: b.locale ?? "en",
        groups: [],
        isEduTestingStudent: false,
        creationDate: ctx.state.iso(),
    };
    ctx.state.users.set(record.id, record);
    return ok(userView(ctx.state, record));
}

/** The member the path names, if it belongs to the caller's organization and is not a token account. */
export function memberOf(ctx: OrgContext): FlatUserRecord | undefined {
    const user = ctx.state.users.get(ctx.params[0]);
    return user && user.organization === ctx.org.id && !isTokenAccount(ctx.state, user) ? user : undefined;
}

export function updateUser(ctx: OrgContext): EmulatorResponse {
    const user = memberOf(ctx);
    if (!user) return notFound("User not found");
    const body = validBody<Partial<Profile & Pick<UserAnswer, "organizationRole">> & { password?: string }>(
        ctx.req,
        "userAdminUpdate",
    );
    if (isAnswer(body)) return body;
    const clash = uniqueness(ctx.state, ctx.org.id, body.value, user.id);
    if (clash) return clash;
    Object.assign(user, body.value);
    return ok(userView(ctx.state, user));
}

/** Deletes an account and, since delegated tokens act as an organization user, the tokens it issued. */
export function deleteAccount(s: FlatState, id: string): boolean {
    dropTokensOf(s, id);
    return s.users.delete(id);
}

function dropTokensOf(s: FlatState, userId: string): void {
    for (const [token, t] of s.accessTokens) if (t.userId === userId) s.accessTokens.delete(token);
}

export function removeUser(ctx: OrgContext): EmulatorResponse {
    const user = memberOf(ctx);
    if (!user) return notFound("User not found");
    const query = validQuery<{ convertToIndividual?: boolean }>(ctx.req, "userDeleteQuery");
    if (isAnswer(query)) return query;
    if (query.value.convertToIndividual) {
        // Delegated tokens act as an organization user, so they end with the membership either way.
        dropTokensOf(ctx.state, user.id);
        user.organization = undefined;
        user.organizationRole = undefined;
        user.groups = [];
        user.license = undefined;
    } else {
        deleteAccount(ctx.state, user.id);
    }
    return noContent;
}
