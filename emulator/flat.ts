/**
 * The emulated Flat for Education API (`/v2`): the organization endpoints of Flat's OpenAPI spec
 * v2.24.0 plus `GET /me`, stateful and in memory, with several organizations, bearer
 * authentication, delegated tokens, cursor pagination through `Link` headers and the documented
 * per-token rate limit. Validation uses the project's own schemas (`flatSchemas.ts`).
 *
 * Defaults: one organization "Emulated School" (`650000000000000000000001`, subdomain
 * `emulated-school`, admin token `flat-emulator-token`); 7,200 requests per token per hour (1,800 per
 * hour without a valid token); delegated access tokens live 24 h, sign-in links 1 h.
 *
 * Emulator choices where the spec is silent (each one documented where it is implemented): the
 * account behind an admin token is not listed, counted, updated or deleted through
 * `/organizations/users` (so seeded counts stay exact and a program cannot delete its own token);
 * emails are unique across all accounts, usernames per organization; LTI 1.1 credentials and `1p1`
 * configurations are the same objects; `onlyIds=true` answers an array of id strings.
 *
 * Accessors return the live records: mutating them (or splicing `ltiCredentials()`) changes the
 * emulator's state behind the provider's back, which is how tests make drift.
 */
import { randomBytes, randomUUID } from "node:crypto";
import type {
    ApiAccessToken,
    AppScope,
    InvitationRole,
    LicenseMode,
    LicenseSource,
    LmsName,
    LtiConfiguration1p1,
    LtiConfiguration1p3,
    LtiCredentials,
    OrganizationInvitation,
    OrganizationRole,
    UserDetailsAdmin,
    UserSigninLink,
} from "../provider/flat/models";
import { checkSchema, FlatSchemaName, queryArrayParams } from "./flatSchemas";
import type { ApiModule, EmulatorRequest, EmulatorResponse } from "./types";

export const defaultFlatToken = "flat-emulator-token";
export const defaultOrganizationId = "650000000000000000000001";
export const defaultRateLimit = { limit: 7200, windowMs: 60 * 60 * 1000, anonymousLimit: 1800 };
export const defaultAccessTokenTtlMs = 24 * 60 * 60 * 1000;
export const defaultSigninLinkTtlMs = 60 * 60 * 1000;

export interface FlatOrganizationOptions {
    /** 24-hex id; generated when absent. */
    id?: string;
    name?: string;
    subdomain?: string;
    /** Bearer token acting as this organization's admin account. */
    adminToken?: string;
}

export interface FlatOrganization {
    readonly id: string;
    readonly name: string;
    readonly subdomain: string;
    readonly adminToken: string;
    /** The admin account the token belongs to (a member of the organization). */
    readonly adminUserId: string;
}

export interface RateLimitSettings {
    /** Requests per window per token. */
    limit: number;
    windowMs: number;
    /** Requests per window without a valid token (one bucket for all anonymous callers). */
    anonymousLimit: number;
}

export interface UserSeed {
    username?: string;
    firstname?: string;
    lastname?: string;
    email?: string;
    password?: string;
    organizationRole?: OrganizationRole;
    /** Organization id; the first organization by default. */
    organization?: string;
    groups?: string[];
    isEduTestingStudent?: boolean;
    lastActivityDate?: string;
    license?: FlatLicense;
}

export interface FlatLicense {
    id: string;
    expirationDate?: string;
    source?: LicenseSource;
    mode?: LicenseMode;
    /** False marks a revoked license; otherwise it is active until `expirationDate` (clock-driven). */
    active?: boolean;
}

export interface FlatApiOptions {
    /** Default: one organization with admin token `flat-emulator-token`. */
    organizations?: FlatOrganizationOptions[];
    rateLimit?: Partial<RateLimitSettings>;
    /** Clock in epoch ms (default Date.now); `advanceTime` adds to it. */
    now?: () => number;
    accessTokenTtlMs?: number;
    signinLinkTtlMs?: number;
    /** Users present from the start and after every `reset()`. */
    seedUsers?: number | UserSeed[];
}

export interface FlatUserRecord {
    readonly id: string;
    /** Undefined once converted to an individual account. */
    organization?: string;
    organizationRole?: OrganizationRole;
    username: string;
    firstname?: string;
    lastname?: string;
    email?: string;
    password?: string;
    locale: string;
    groups: string[];
    isEduTestingStudent: boolean;
    lastActivityDate?: string;
    license?: FlatLicense;
    readonly creationDate: string;
}

export interface FlatInvitationRecord extends OrganizationInvitation {
    readonly id: string;
    usedBy: string[];
}

export interface FlatAccessTokenRecord {
    readonly id: string;
    readonly name: string;
    /** The full token: the emulator keeps it so that it can authenticate requests. */
    readonly token: string;
    readonly userId: string;
    readonly organization: string;
    readonly issuedDate: string;
    readonly expirationDate: string;
    readonly scopes: AppScope[];
}

export interface FlatSigninLinkRecord {
    readonly userId: string;
    readonly organization: string;
    readonly destinationPath: string;
    readonly url: string;
    readonly token: string;
    readonly expirationDate: string;
}

/** A stored LTI 1.3 configuration; `organizationId` and `creatorId` are always set. */
export type FlatLti13Record = LtiConfiguration1p3 & { organizationId: string; creatorId: string };

/** LTI 1.1 credentials as stored, secret included; `1p1` configurations are views of these. */
export interface FlatLtiCredentialsRecord extends LtiCredentials {
    readonly id: string;
    name: string;
    lms: LmsName;
    readonly organization: string;
    readonly creator: string;
    readonly creationDate: string;
    readonly consumerKey: string;
    readonly consumerSecret: string;
}

export interface FlatApi extends ApiModule {
    readonly name: "flat";
    organizations(): FlatOrganization[];
    addOrganization(org?: FlatOrganizationOptions): FlatOrganization;
    /** Inserts users directly (no request recorded); `n` generates `student<k>` accounts. */
    seedUsers(seed: number | UserSeed[], organization?: string): FlatUserRecord[];
    /** Live member records of one or every organization (admin-token accounts excluded). */
    users(organization?: string): FlatUserRecord[];
    /** Every account: members, admin-token accounts and accounts converted to individuals. */
    accounts(): FlatUserRecord[];
    /** Deletes an account outside the API (drift); false when unknown. */
    removeUser(id: string): boolean;
    invitations(organization?: string): FlatInvitationRecord[];
    /** The live LTI 1.1 store (with secrets) when called without organization; a filtered array otherwise. */
    ltiCredentials(organization?: string): FlatLtiCredentialsRecord[];
    /** Every configuration as `GET /organizations/lti/configurations` shows it (1.3 records live). */
    ltiConfigurations(organization?: string): (LtiConfiguration1p1 | FlatLti13Record)[];
    accessTokens(): FlatAccessTokenRecord[];
    signinLinks(): FlatSigninLinkRecord[];
    /** The user a sign-in link token signs in, or undefined when unknown or expired. */
    signinLinkUser(token: string): string | undefined;
    now(): number;
    advanceTime(ms: number): void;
    rateLimit(): RateLimitSettings;
    setRateLimit(settings: Partial<RateLimitSettings>): void;
    /** Forgets every token's request count. */
    resetRateLimits(): void;
}

interface Principal {
    readonly token: string;
    readonly user: FlatUserRecord;
    /** Undefined for an organization admin token, which carries every scope. */
    readonly scopes?: readonly AppScope[];
}

interface Context {
    readonly req: EmulatorRequest;
    readonly principal: Principal;
    readonly params: string[];
}

interface OrgContext extends Context {
    readonly org: FlatOrganization;
}

type ScopeGroup = "usersRead" | "usersWrite" | "ltiRead" | "ltiWrite";

const scopeGroups: Record<ScopeGroup, AppScope[]> = {
    usersRead: ["edu.admin", "edu.admin.users", "edu.admin.users.readonly"],
    usersWrite: ["edu.admin", "edu.admin.users"],
    ltiRead: ["edu.admin", "edu.admin.lti", "edu.admin.lti.readonly"],
    ltiWrite: ["edu.admin", "edu.admin.lti"],
};

/** Manual LTI 1.3 configurations stay `incomplete-setup` until these platform fields are set. */
const manualRequiredFields = ["platformIss", "clientId", "accessTokenUrl", "authorizationUrl", "jwksUrl"] as const;
const deploymentUpdatable = ["deploymentId", "deploymentBreakdownId", "enableEmailMatching"] as const;
const standaloneUpdatable = [
    "deploymentId",
    "platformIss",
    "platformName",
    "clientId",
    "accessTokenUrl",
    "authorizationUrl",
    "jwksUrl",
    "enableEmailMatching",
] as const;

function error(status: number, code: string, message: string, param?: string): EmulatorResponse {
    return { status, body: param === undefined ? { code, message } : { code, message, param } };
}
const clientError = (message: string, param?: string) => error(400, "CLIENT_ERROR", message, param);
const notFound = (message: string) => error(404, "NOT_FOUND", message);
const ok = (body: unknown, headers?: Record<string, string>): EmulatorResponse => ({ status: 200, body, headers });
const noContent: EmulatorResponse = { status: 204 };

function omitUndefined<T extends object>(value: T): T {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function randomCode(length: number): string {
    const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    return [...randomBytes(length)].map((b) => alphabet[b % alphabet.length]).join("");
}

/** Query parameters as an object: array parameters keep every value, the others their last one. */
function queryObject(query: URLSearchParams, arrays: ReadonlySet<string>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const key of new Set(query.keys())) {
        const values = query.getAll(key);
        out[key] = arrays.has(key) ? values : values[values.length - 1];
    }
    return out;
}

interface Cursor {
    /** Page after this id (next) or before it (previous). */
    readonly id: string;
    /** Where that id was, used when it has since been deleted. */
    readonly index: number;
    readonly dir: "next" | "previous";
}

function encodeCursor(cursor: Cursor): string {
    return Buffer.from(JSON.stringify([cursor.dir === "next" ? "n" : "p", cursor.id, cursor.index])).toString(
        "base64url",
    );
}

function decodeCursor(text: string, dir: Cursor["dir"]): Cursor | undefined {
    try {
        const [tag, id, index] = JSON.parse(Buffer.from(text, "base64url").toString("utf8")) as unknown[];
        if (tag !== (dir === "next" ? "n" : "p") || typeof id !== "string" || typeof index !== "number")
            return undefined;
        return { id, index, dir };
    } catch {
        return undefined;
    }
}

export function createFlatApi(options: FlatApiOptions = {}): FlatApi {
    const baseClock = options.now ?? Date.now;
    let clockOffset = 0;
    const now = () => baseClock() + clockOffset;
    const iso = (ms = now()) => new Date(ms).toISOString();
    const accessTokenTtlMs = options.accessTokenTtlMs ?? defaultAccessTokenTtlMs;
    const signinLinkTtlMs = options.signinLinkTtlMs ?? defaultSigninLinkTtlMs;
    let limits: RateLimitSettings = { ...defaultRateLimit, ...options.rateLimit };

    // ObjectId-like ids: creation second + per-instance random + counter, so they sort by creation.
    const idNonce = randomBytes(5).toString("hex");
    let idCounter = 0;
    const newId = () => {
        idCounter = (idCounter + 1) % 0x1000000;
        return (
            Math.floor(now() / 1000)
                .toString(16)
                .padStart(8, "0")
                .slice(-8) +
            idNonce +
            idCounter.toString(16).padStart(6, "0")
        );
    };

    const orgDefinitions: FlatOrganization[] = [];
    const users = new Map<string, FlatUserRecord>();
    const invitations = new Map<string, FlatInvitationRecord>();
    const lti = new Map<string, FlatLti13Record>();
    const credentials: FlatLtiCredentialsRecord[] = [];
    const accessTokens = new Map<string, FlatAccessTokenRecord>();
    const signinLinks: FlatSigninLinkRecord[] = [];
    const buckets = new Map<string, { windowStart: number; count: number }>();
    const deploymentParents = new Map<string, string>();
    let seedCounter = 0;

    const orgById = (id: string | undefined) => orgDefinitions.find((o) => o.id === id);
    const isTokenAccount = (u: FlatUserRecord) => orgDefinitions.some((o) => o.adminUserId === u.id);
    const orgUsers = (orgId: string | undefined) =>
        [...users.values()].filter(
            (u) =>
                u.organization !== undefined && (orgId === undefined || u.organization === orgId) && !isTokenAccount(u),
        );

    function insertAdmin(org: FlatOrganization): void {
        users.set(org.adminUserId, {
            id: org.adminUserId,
            organization: org.id,
            organizationRole: "admin",
            username: `${org.subdomain}-admin`,
            firstname: "Organization",
            lastname: "Admin",
            email: `admin@${org.subdomain}.example.org`,
            locale: "en",
            groups: [],
            isEduTestingStudent: false,
            creationDate: iso(),
        });
    }

    function addOrganization(def: FlatOrganizationOptions = {}): FlatOrganization {
        const id = def.id ?? newId();
        if (!/^[0-9a-f]{24}$/.test(id)) throw new Error(`organization id ${id} is not 24 hex digits`);
        const n = orgDefinitions.length + 1;
        const org: FlatOrganization = {
            id,
            name: def.name ?? `Emulated School ${n}`,
            subdomain: def.subdomain ?? `emulated-school-${n}`,
            adminToken: def.adminToken ?? `flat-emulator-token-${n}`,
            adminUserId: newId(),
        };
        if (
            orgDefinitions.some(
                (o) => o.id === org.id || o.adminToken === org.adminToken || o.subdomain === org.subdomain,
            )
        ) {
            throw new Error(`organization ${org.id} clashes with an existing id, token or subdomain`);
        }
        orgDefinitions.push(org);
        insertAdmin(org);
        return org;
    }

    function seedUsers(seed: number | UserSeed[], organization?: string): FlatUserRecord[] {
        const list: UserSeed[] = typeof seed === "number" ? Array.from({ length: seed }, () => ({})) : seed;
        return list.map((s) => {
            const org = orgById(s.organization ?? organization ?? orgDefinitions[0]?.id);
            if (!org) throw new Error(`unknown organization ${s.organization ?? organization}`);
            seedCounter += 1;
            const k = String(seedCounter).padStart(5, "0");
            const record: FlatUserRecord = {
                id: newId(),
                organization: org.id,
                organizationRole: s.organizationRole ?? "user",
                username: s.username ?? `student${k}`,
                firstname: s.firstname ?? "Student",
                lastname: s.lastname ?? k,
                email: s.email ?? `student${k}@${org.subdomain}.example.org`,
                password: s.password,
                locale: "en",
                groups: s.groups ?? [],
                isEduTestingStudent: s.isEduTestingStudent ?? false,
                lastActivityDate: s.lastActivityDate,
                license: s.license,
                creationDate: iso(),
            };
            users.set(record.id, record);
            return record;
        });
    }

    /** Back to the start: organizations, seed users, clock and quota as the options set them. */
    function resetState(): void {
        clockOffset = 0;
        limits = { ...defaultRateLimit, ...options.rateLimit };
        orgDefinitions.length = 0;
        users.clear();
        invitations.clear();
        lti.clear();
        credentials.length = 0;
        accessTokens.clear();
        signinLinks.length = 0;
        buckets.clear();
        deploymentParents.clear();
        seedCounter = 0;
        for (const org of initialOrganizations) {
            orgDefinitions.push(org);
            insertAdmin(org);
        }
        if (options.seedUsers !== undefined) seedUsers(options.seedUsers);
    }

    // ---- views -------------------------------------------------------------------------------

    function licenseView(license: FlatLicense): NonNullable<UserDetailsAdmin["license"]> {
        const expired = license.expirationDate !== undefined && Date.parse(license.expirationDate) <= now();
        return omitUndefined({ ...license, active: license.active !== false && !expired });
    }

    function printableName(u: FlatUserRecord): string {
        const full = [u.firstname, u.lastname].filter((p) => p).join(" ");
        return full || u.username;
    }

    function userView(u: FlatUserRecord): UserDetailsAdmin {
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
            license: u.license ? licenseView(u.license) : undefined,
            groups: [...u.groups],
            isEduTestingStudent: u.isEduTestingStudent,
        });
    }

    /** `UserDetails` for `/me`. */
    function meView(u: FlatUserRecord): Record<string, unknown> {
        const { license: _license, lastActivityDate: _last, isEduTestingStudent: _test, ...base } = userView(u);
        return {
            ...base,
            locale: u.locale,
            isEmailVerified: u.email !== undefined,
            privateProfile: false,
            pictureFile: null,
            coverPictureFile: null,
        };
    }

    function credentialsView(c: FlatLtiCredentialsRecord, withSecret: boolean): LtiCredentials {
        const { consumerSecret, ...rest } = c;
        return withSecret ? { ...rest, consumerSecret } : { ...rest };
    }

    /** A `1p1` configuration: the unified view of LTI 1.1 credentials (secret included for admins). */
    function config1p1View(c: FlatLtiCredentialsRecord): LtiConfiguration1p1 {
        return omitUndefined({
            id: c.id,
            ltiVersion: "1p1" as const,
            organizationId: c.organization,
            organizationName: orgById(c.organization)?.name,
            creatorId: c.creator,
            creationDate: c.creationDate,
            lastUsedDate: c.lastUsage ?? null,
            status: c.lastUsage ? ("in-use" as const) : ("ready-to-use" as const),
            consumerKey: c.consumerKey,
            consumerSecret: c.consumerSecret,
            lms: c.lms,
            name: c.name,
        });
    }

    function configurationsOf(orgId: string | undefined): (LtiConfiguration1p1 | FlatLti13Record)[] {
        const all = [
            ...credentials.filter((c) => orgId === undefined || c.organization === orgId).map(config1p1View),
            ...[...lti.values()].filter((c) => orgId === undefined || c.organizationId === orgId),
        ];
        // Ids start with the creation second and end with a counter: sorting them sorts by creation.
        return all.sort((a, b) => a.id.localeCompare(b.id));
    }

    // ---- authentication and rate limit ---------------------------------------------------------

    function authenticate(req: EmulatorRequest): Principal | EmulatorResponse {
        const header = req.headers.authorization;
        const match = typeof header === "string" ? /^Bearer\s+(\S+)$/i.exec(header) : null;
        if (!match) return error(401, "UNAUTHORIZED", "Missing access token");
        const token = match[1];
        const org = orgDefinitions.find((o) => o.adminToken === token);
        if (org) {
            const user = users.get(org.adminUserId);
            if (user) return { token, user };
        }
        const delegated = accessTokens.get(token);
        if (delegated) {
            if (Date.parse(delegated.expirationDate) <= now())
                return error(401, "UNAUTHORIZED", "Access token expired");
            const user = users.get(delegated.userId);
            if (user) return { token, user, scopes: delegated.scopes };
        }
        return error(401, "UNAUTHORIZED", "Invalid access token");
    }

    /** Counts the request against the caller's window and returns the headers plus whether it is over. */
    function meter(key: string, limit: number): { headers: Record<string, string>; exceeded: boolean } {
        const t = now();
        let bucket = buckets.get(key);
        if (!bucket || t >= bucket.windowStart + limits.windowMs) {
            bucket = { windowStart: t, count: 0 };
            buckets.set(key, bucket);
        }
        bucket.count += 1;
        const remaining = limit - bucket.count;
        return {
            headers: {
                "X-RateLimit-Limit": String(limit),
                // Flat documents that the remaining count may go negative once over the limit.
                "X-RateLimit-Remaining": String(remaining),
                "X-RateLimit-Reset": String(Math.ceil((bucket.windowStart + limits.windowMs) / 1000)),
            },
            exceeded: remaining < 0,
        };
    }

    // ---- request helpers -----------------------------------------------------------------------

    function bodyOf(req: EmulatorRequest): { body: unknown } | EmulatorResponse {
        if (req.rawBody.trim() !== "" && req.body === undefined) return clientError("Invalid JSON body", "body");
        if (req.body === undefined) return clientError("Request body is required", "body");
        return { body: req.body };
    }

    /** Validates the body against `schema`: the body itself on success, or the 400 answer. */
    function validBody<T>(req: EmulatorRequest, schema: FlatSchemaName): { value: T } | EmulatorResponse {
        const got = bodyOf(req);
        if ("status" in got) return got;
        const violation = checkSchema(schema, got.body);
        return violation ? clientError(violation.message, violation.param) : { value: got.body as T };
    }

    function validQuery<T>(
        req: EmulatorRequest,
        schema: FlatSchemaName,
        arrays: ReadonlySet<string> = new Set(),
    ): { value: T } | EmulatorResponse {
        const query = queryObject(req.query, arrays);
        const violation = checkSchema(schema, query);
        return violation ? clientError(violation.message, violation.param) : { value: query as T };
    }

    const isAnswer = (x: object): x is EmulatorResponse => "status" in x;

    /** Pages `items` by opaque cursors and builds the RFC 8288 `Link` header from the request URL. */
    function paginate<T extends { id: string }>(
        req: EmulatorRequest,
        items: T[],
        limit: number,
        query: { next?: string; previous?: string },
    ): { page: T[]; headers: Record<string, string> } | EmulatorResponse {
        let start = 0;
        let end = Math.min(limit, items.length);
        if (query.next !== undefined) {
            const cursor = decodeCursor(query.next, "next");
            if (!cursor) return clientError("Invalid pagination cursor", "next");
            const at = items.findIndex((i) => i.id === cursor.id);
            start = at >= 0 ? at + 1 : Math.min(cursor.index, items.length);
            end = Math.min(start + limit, items.length);
        } else if (query.previous !== undefined) {
            const cursor = decodeCursor(query.previous, "previous");
            if (!cursor) return clientError("Invalid pagination cursor", "previous");
            const at = items.findIndex((i) => i.id === cursor.id);
            end = at >= 0 ? at : Math.min(cursor.index, items.length);
            start = Math.max(0, end - limit);
        }
        const page = items.slice(start, end);
        const links: string[] = [];
        const link = (rel: "next" | "prev", cursor: Cursor) => {
            const params = new URLSearchParams();
            for (const [key, value] of req.query) if (key !== "next" && key !== "previous") params.append(key, value);
            params.append(cursor.dir, encodeCursor(cursor));
            const host = typeof req.headers.host === "string" ? req.headers.host : "127.0.0.1";
            links.push(`<http://${host}/v2${req.path}?${params.toString()}>; rel="${rel}"`);
        };
        if (end < items.length && page.length > 0)
            link("next", { id: page[page.length - 1].id, index: end - 1, dir: "next" });
        if (start > 0 && page.length > 0) link("prev", { id: page[0].id, index: start, dir: "previous" });
        return { page, headers: links.length > 0 ? { Link: links.join(", ") } : {} };
    }

    // ---- users ---------------------------------------------------------------------------------

    interface UserFilterQuery {
        role?: OrganizationRole[];
        q?: string;
        group?: string[];
        noActiveLicense?: boolean;
        testAccounts?: "exclude" | "only";
        licenseExpirationDate?: string[];
    }

    function filterUsers(orgId: string, f: UserFilterQuery): FlatUserRecord[] {
        const q = f.q?.toLowerCase();
        return orgUsers(orgId).filter((u) => {
            if (f.role?.length && !f.role.includes(u.organizationRole ?? "user")) return false;
            if (q && ![u.username, u.email, u.firstname, u.lastname].some((v) => v?.toLowerCase().includes(q)))
                return false;
            if (f.group?.length && !f.group.some((g) => u.groups.includes(g))) return false;
            const active = u.license ? licenseView(u.license).active === true : false;
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

    function listUsers(ctx: OrgContext): EmulatorResponse {
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
        let list = filterUsers(ctx.org.id, q);
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
        const body = q.onlyIds ? paged.page.map((u) => u.id) : paged.page.map(userView);
        return ok(body, paged.headers);
    }

    function countUsers(ctx: OrgContext): EmulatorResponse {
        const query = validQuery<UserFilterQuery>(ctx.req, "userCountQuery", queryArrayParams);
        if (isAnswer(query)) return query;
        return ok(filterUsers(ctx.org.id, query.value).length);
    }

    function uniqueness(
        orgId: string,
        fields: { username?: string; email?: string },
        self?: string,
    ): EmulatorResponse | undefined {
        const username = fields.username?.toLowerCase();
        const email = fields.email?.toLowerCase();
        for (const u of users.values()) {
            if (u.id === self) continue;
            if (username !== undefined && u.organization === orgId && u.username.toLowerCase() === username) {
                return clientError("username already used", "username");
            }
            // Emails identify Flat accounts, so they are unique across organizations too.
            if (email !== undefined && u.email?.toLowerCase() === email)
                return clientError("email already used", "email");
        }
        return undefined;
    }

    function createUser(ctx: OrgContext): EmulatorResponse {
        const body = validBody<{
            username: string;
            password: string;
            firstname?: string;
            lastname?: string;
            email?: string;
            locale?: string;
            role?: OrganizationRole;
        }>(ctx.req, "userCreation");
        if (isAnswer(body)) return body;
        const b = body.value;
        const clash = uniqueness(ctx.org.id, b);
        if (clash) return clash;
        const record: FlatUserRecord = {
            id: newId(),
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
            creationDate: iso(),
        };
        users.set(record.id, record);
        return ok(userView(record));
    }

    function memberOf(ctx: OrgContext): FlatUserRecord | undefined {
        const user = users.get(ctx.params[0]);
        return user && user.organization === ctx.org.id && !isTokenAccount(user) ? user : undefined;
    }

    function updateUser(ctx: OrgContext): EmulatorResponse {
        const user = memberOf(ctx);
        if (!user) return notFound("User not found");
        const body = validBody<{
            password?: string;
            organizationRole?: OrganizationRole;
            username?: string;
            firstname?: string;
            lastname?: string;
            email?: string;
        }>(ctx.req, "userAdminUpdate");
        if (isAnswer(body)) return body;
        const clash = uniqueness(ctx.org.id, body.value, user.id);
        if (clash) return clash;
        Object.assign(user, body.value);
        return ok(userView(user));
    }

    function removeUser(ctx: OrgContext): EmulatorResponse {
        const user = memberOf(ctx);
        if (!user) return notFound("User not found");
        const query = validQuery<{ convertToIndividual?: boolean }>(ctx.req, "userDeleteQuery");
        if (isAnswer(query)) return query;
        // Delegated tokens act as an organization user, so they end with the membership either way.
        for (const [token, t] of accessTokens) if (t.userId === user.id) accessTokens.delete(token);
        if (query.value.convertToIndividual) {
            user.organization = undefined;
            user.organizationRole = undefined;
            user.groups = [];
            user.license = undefined;
        } else {
            users.delete(user.id);
        }
        return noContent;
    }

    function createSigninLink(ctx: OrgContext): EmulatorResponse {
        const user = memberOf(ctx);
        if (!user) return notFound("User not found");
        const body = validBody<{ destinationPath?: string }>(ctx.req, "signinLinkCreation");
        if (isAnswer(body)) return body;
        const destinationPath = body.value.destinationPath ?? "/";
        const token = randomUUID();
        const link: FlatSigninLinkRecord = {
            userId: user.id,
            organization: ctx.org.id,
            destinationPath,
            token,
            url: `https://${ctx.org.subdomain}.flat.io/auth/signin-link/${token}?next=${encodeURIComponent(destinationPath)}`,
            expirationDate: iso(now() + signinLinkTtlMs),
        };
        signinLinks.push(link);
        const answer: UserSigninLink = { url: link.url, token: link.token, expirationDate: link.expirationDate };
        return ok(answer);
    }

    function createAccessToken(ctx: OrgContext): EmulatorResponse {
        const user = memberOf(ctx);
        if (!user) return notFound("User not found");
        const body = validBody<{ scopes: AppScope[] }>(ctx.req, "accessTokenCreation");
        if (isAnswer(body)) return body;
        const issued = now();
        const record: FlatAccessTokenRecord = {
            id: newId(),
            name: `Delegated access for ${user.username}`,
            token: randomBytes(32).toString("hex"),
            userId: user.id,
            organization: ctx.org.id,
            issuedDate: iso(issued),
            expirationDate: iso(issued + accessTokenTtlMs),
            scopes: [...new Set(body.value.scopes)],
        };
        accessTokens.set(record.token, record);
        const answer: ApiAccessToken = {
            id: record.id,
            name: record.name,
            token: record.token,
            issuedDate: record.issuedDate,
            expirationDate: record.expirationDate,
            scopes: record.scopes,
        };
        return ok(answer);
    }

    // ---- invitations ---------------------------------------------------------------------------

    function listInvitations(ctx: OrgContext): EmulatorResponse {
        const query = validQuery<{ role?: OrganizationRole; limit?: number; next?: string; previous?: string }>(
            ctx.req,
            "invitationListQuery",
        );
        if (isAnswer(query)) return query;
        const { role, limit } = query.value;
        const list = [...invitations.values()].filter(
            (i) => i.organization === ctx.org.id && (!role || i.organizationRole === role),
        );
        const paged = paginate(ctx.req, list, limit ?? 50, query.value);
        if (isAnswer(paged)) return paged;
        return ok(
            paged.page.map((i) => ({ ...i, usedBy: [...i.usedBy] })),
            paged.headers,
        );
    }

    function createInvitation(ctx: OrgContext): EmulatorResponse {
        const body = validBody<{ email: string; organizationRole?: InvitationRole }>(ctx.req, "invitationCreation");
        if (isAnswer(body)) return body;
        const role = body.value.organizationRole ?? "teacher";
        const email = body.value.email;
        const code = randomCode(8);
        const record: FlatInvitationRecord = {
            id: newId(),
            creationDate: iso(),
            organization: ctx.org.id,
            organizationRole: role,
            customCode: code,
            email,
            invitedBy: ctx.principal.user.id,
            htmlUrl: `https://${ctx.org.subdomain}.flat.io/join/${code}`,
            allowMultipleUse: false,
            usedBy: [],
        };
        // An existing member is not invited: their role changes and the invitation is used at once.
        const member = orgUsers(ctx.org.id).find((u) => u.email?.toLowerCase() === email.toLowerCase());
        if (member) {
            member.organizationRole = role;
            record.usedBy.push(member.id);
        }
        invitations.set(record.id, record);
        return ok({ ...record, usedBy: [...record.usedBy] });
    }

    function removeInvitation(ctx: OrgContext): EmulatorResponse {
        const invitation = invitations.get(ctx.params[0]);
        if (!invitation || invitation.organization !== ctx.org.id) return notFound("Invitation not found");
        invitations.delete(invitation.id);
        return noContent;
    }

    // ---- LTI -----------------------------------------------------------------------------------

    function ltiBase(ctx: OrgContext) {
        return {
            id: newId(),
            organizationId: ctx.org.id,
            organizationName: ctx.org.name,
            creatorId: ctx.principal.user.id,
            creationDate: iso(),
            lastUsedDate: null,
        };
    }

    function new1p1(ctx: OrgContext, name: string, lms: LmsName): FlatLtiCredentialsRecord {
        const record: FlatLtiCredentialsRecord = {
            id: newId(),
            name,
            lms,
            organization: ctx.org.id,
            creator: ctx.principal.user.id,
            creationDate: iso(),
            consumerKey: randomUUID().toUpperCase(),
            consumerSecret: randomBytes(24).toString("base64url"),
            enableEmailMatching: true,
        };
        credentials.push(record);
        return record;
    }

    function remove1p1(ctx: OrgContext): boolean {
        const at = credentials.findIndex((c) => c.id === ctx.params[0] && c.organization === ctx.org.id);
        if (at < 0) return false;
        credentials.splice(at, 1);
        return true;
    }

    /** Flat's own tool endpoints, the same for every 1.3 configuration. */
    const toolEndpoints = {
        publicKeysetUrl: "https://flat.io/lti/v1p3/jwks",
        initiateLoginUrl: "https://flat.io/lti/v1p3/login",
        redirectUris: ["https://flat.io/lti/v1p3/launch"],
    };

    function manualStatus(c: LtiConfiguration1p3): LtiConfiguration1p3["status"] {
        return manualRequiredFields.every((f) => typeof c[f] === "string" && c[f] !== "")
            ? "ready-to-use"
            : "incomplete-setup";
    }

    function listCredentials(ctx: OrgContext): EmulatorResponse {
        // The list leaves the consumer secret out: it is shown once, by create.
        return ok(credentials.filter((c) => c.organization === ctx.org.id).map((c) => credentialsView(c, false)));
    }

    function createCredentials(ctx: OrgContext): EmulatorResponse {
        const body = validBody<{ name: string; lms: LmsName }>(ctx.req, "ltiCredentialsCreation");
        if (isAnswer(body)) return body;
        return ok(credentialsView(new1p1(ctx, body.value.name, body.value.lms), true));
    }

    function revokeCredentials(ctx: OrgContext): EmulatorResponse {
        return remove1p1(ctx) ? noContent : notFound("Credentials not found");
    }

    function listConfigurations(ctx: OrgContext): EmulatorResponse {
        // The caller is an admin, so secrets and registration fields are included.
        return ok(configurationsOf(ctx.org.id));
    }

    function createConfiguration(ctx: OrgContext): EmulatorResponse {
        const got = bodyOf(ctx.req);
        if (isAnswer(got)) return got;
        const mode = (got.body as { mode?: unknown } | null)?.mode;
        const schemaByMode: Record<string, FlatSchemaName> = {
            "1p1-manual": "ltiCreate1p1",
            "1p3-dynamic": "ltiCreate1p3Dynamic",
            "1p3-deployment": "ltiCreate1p3Deployment",
            "1p3-manual": "ltiCreate1p3Manual",
        };
        if (typeof got.body !== "object" || got.body === null || Array.isArray(got.body))
            return clientError("body must be object", "body");
        if (typeof mode !== "string" || !(mode in schemaByMode)) {
            return clientError(`mode must be one of ${Object.keys(schemaByMode).join(", ")}`, "mode");
        }
        const violation = checkSchema(schemaByMode[mode], got.body);
        if (violation) return clientError(violation.message, violation.param);
        const b = got.body as Record<string, unknown> & { mode: string };
        if (mode === "1p1-manual") return ok(config1p1View(new1p1(ctx, b.name as string, b.lms as LmsName)));

        let record: FlatLti13Record;
        if (mode === "1p3-dynamic") {
            const info = (b.platformInfo ?? {}) as { name?: string };
            const token = randomBytes(24).toString("hex");
            const locale = typeof b.locale === "string" ? `?locale=${encodeURIComponent(b.locale)}` : "";
            record = omitUndefined({
                ...ltiBase(ctx),
                ...toolEndpoints,
                ltiVersion: "1p3" as const,
                mode: "1p3-dynamic" as const,
                status: "incomplete-setup" as const,
                platformName: info.name,
                enableEmailMatching: true,
                registrationToken: token,
                registrationUrl: `https://flat.io/lti/v1p3/register/${token}${locale}`,
                registrationTokenUsed: false,
                registrationCompletionDate: null,
            });
        } else if (mode === "1p3-deployment") {
            const key = b.deploymentType as string;
            if (!deploymentParents.has(key)) deploymentParents.set(key, newId());
            record = omitUndefined({
                ...ltiBase(ctx),
                ...toolEndpoints,
                ltiVersion: "1p3" as const,
                mode: "1p3-deployment" as const,
                status: "ready-to-use" as const,
                platformName: key,
                deploymentKey: key,
                parentId: deploymentParents.get(key),
                deploymentId: b.deploymentId as string,
                clientId: b.clientId as string | undefined,
                deploymentBreakdownId: b.deploymentBreakdownId as string | undefined,
                enableEmailMatching: true,
            });
        } else {
            const { mode: _mode, ...fields } = b;
            const draft: FlatLti13Record = {
                ...ltiBase(ctx),
                ...toolEndpoints,
                ltiVersion: "1p3",
                mode: "1p3-manual",
                deploymentMode: "single",
                enableEmailMatching: true,
                ...(fields as Partial<LtiConfiguration1p3>),
            };
            record = { ...draft, status: manualStatus(draft) };
        }
        lti.set(record.id, record);
        return ok({ ...record });
    }

    function updateConfiguration(ctx: OrgContext): EmulatorResponse {
        if (credentials.some((c) => c.id === ctx.params[0] && c.organization === ctx.org.id)) {
            return clientError("LTI 1.1 configurations are not editable");
        }
        const c = lti.get(ctx.params[0]);
        if (!c || c.organizationId !== ctx.org.id) return notFound("Configuration not found");
        const deployment = c.mode === "1p3-deployment";
        const body = validBody<Partial<LtiConfiguration1p3>>(
            ctx.req,
            deployment ? "ltiUpdateDeployment" : "ltiUpdateStandalone",
        );
        if (isAnswer(body)) {
            const param = (body.body as { param?: string }).param;
            const allowed = deployment ? deploymentUpdatable : standaloneUpdatable;
            if (param && !(allowed as readonly string[]).includes(param) && param !== "body") {
                return clientError(
                    `${param} cannot be updated on a ${c.mode} configuration (allowed: ${allowed.join(", ")})`,
                    param,
                );
            }
            return body;
        }
        Object.assign(c, body.value);
        if (c.mode === "1p3-manual") c.status = manualStatus(c);
        return ok({ ...c });
    }

    function deleteConfiguration(ctx: OrgContext): EmulatorResponse {
        if (remove1p1(ctx)) return noContent;
        const c = lti.get(ctx.params[0]);
        if (!c || c.organizationId !== ctx.org.id) return notFound("Configuration not found");
        lti.delete(c.id);
        return noContent;
    }

    // ---- routing -------------------------------------------------------------------------------

    interface Route {
        readonly method: string;
        readonly pattern: RegExp;
        /** Undefined for routes any authenticated account may call (`/me`). */
        readonly scopes?: ScopeGroup;
        readonly handler: (ctx: OrgContext) => EmulatorResponse;
    }

    const segment = "([^/]+)";
    const routes: Route[] = [
        { method: "GET", pattern: /^\/organizations\/users$/, scopes: "usersRead", handler: listUsers },
        { method: "POST", pattern: /^\/organizations\/users$/, scopes: "usersWrite", handler: createUser },
        { method: "GET", pattern: /^\/organizations\/users\/count$/, scopes: "usersRead", handler: countUsers },
        {
            method: "PUT",
            pattern: new RegExp(`^/organizations/users/${segment}$`),
            scopes: "usersWrite",
            handler: updateUser,
        },
        {
            method: "DELETE",
            pattern: new RegExp(`^/organizations/users/${segment}$`),
            scopes: "usersWrite",
            handler: removeUser,
        },
        {
            method: "POST",
            pattern: new RegExp(`^/organizations/users/${segment}/signinLink$`),
            scopes: "usersWrite",
            handler: createSigninLink,
        },
        {
            method: "POST",
            pattern: new RegExp(`^/organizations/users/${segment}/accessToken$`),
            scopes: "usersWrite",
            handler: createAccessToken,
        },
        { method: "GET", pattern: /^\/organizations\/invitations$/, scopes: "usersRead", handler: listInvitations },
        { method: "POST", pattern: /^\/organizations\/invitations$/, scopes: "usersWrite", handler: createInvitation },
        {
            method: "DELETE",
            pattern: new RegExp(`^/organizations/invitations/${segment}$`),
            scopes: "usersWrite",
            handler: removeInvitation,
        },
        { method: "GET", pattern: /^\/organizations\/lti\/credentials$/, scopes: "ltiRead", handler: listCredentials },
        {
            method: "POST",
            pattern: /^\/organizations\/lti\/credentials$/,
            scopes: "ltiWrite",
            handler: createCredentials,
        },
        {
            method: "DELETE",
            pattern: new RegExp(`^/organizations/lti/credentials/${segment}$`),
            scopes: "ltiWrite",
            handler: revokeCredentials,
        },
        {
            method: "GET",
            pattern: /^\/organizations\/lti\/configurations$/,
            scopes: "ltiRead",
            handler: listConfigurations,
        },
        {
            method: "POST",
            pattern: /^\/organizations\/lti\/configurations$/,
            scopes: "ltiWrite",
            handler: createConfiguration,
        },
        {
            method: "PUT",
            pattern: new RegExp(`^/organizations/lti/configurations/${segment}$`),
            scopes: "ltiWrite",
            handler: updateConfiguration,
        },
        {
            method: "DELETE",
            pattern: new RegExp(`^/organizations/lti/configurations/${segment}$`),
            scopes: "ltiWrite",
            handler: deleteConfiguration,
        },
    ];

    function me(ctx: Context): EmulatorResponse {
        const query = validQuery<{ onlyId?: boolean }>(ctx.req, "meQuery");
        if (isAnswer(query)) return query;
        return ok(query.value.onlyId ? { id: ctx.principal.user.id } : meView(ctx.principal.user));
    }

    function route(req: EmulatorRequest, principal: Principal): EmulatorResponse {
        if (req.path === "/me")
            return req.method === "GET"
                ? me({ req, principal, params: [] })
                : notFound(`Cannot ${req.method} ${req.path}`);
        for (const r of routes) {
            const match = r.pattern.exec(req.path);
            if (!match || r.method !== req.method) continue;
            const org = orgById(principal.user.organization);
            if (!org || principal.user.organizationRole !== "admin")
                return error(403, "FORBIDDEN", "Not admin of an organization");
            if (principal.scopes && r.scopes && !scopeGroups[r.scopes].some((s) => principal.scopes!.includes(s))) {
                return error(403, "FORBIDDEN", `Missing scope: one of ${scopeGroups[r.scopes].join(", ")} is required`);
            }
            return r.handler({ req, principal, org, params: match.slice(1).map(decodeURIComponent) });
        }
        return notFound(`Cannot ${req.method} ${req.path}`);
    }

    function handle(req: EmulatorRequest): EmulatorResponse {
        const principal = authenticate(req);
        const anonymous = "status" in principal;
        const { headers, exceeded } = anonymous
            ? meter("anonymous", limits.anonymousLimit)
            : meter(principal.token, limits.limit);
        const answer = exceeded
            ? error(403, "API_RATE_LIMIT_EXCEEDED", "API rate limit exceeded for 127.0.0.1")
            : anonymous
              ? principal
              : route(req, principal);
        return { ...answer, headers: { ...(answer.headers ?? {}), ...headers } };
    }

    // ---- admin routes (/_emulator/flat/...) ------------------------------------------------------

    function admin(req: EmulatorRequest): EmulatorResponse | undefined {
        const body = (typeof req.body === "object" && req.body !== null ? req.body : {}) as Record<string, unknown>;
        const wrap = (fn: () => unknown): EmulatorResponse => {
            try {
                return { status: 200, body: fn() };
            } catch (e) {
                return { status: 400, body: { error: (e as Error).message } };
            }
        };
        switch (`${req.method} ${req.path}`) {
            case "GET /flat/rateLimit":
                return { status: 200, body: limits };
            case "POST /flat/rateLimit":
                return wrap(() => {
                    api.setRateLimit(body);
                    return limits;
                });
            case "POST /flat/advanceTime":
                return wrap(() => {
                    api.advanceTime(Number(body.ms));
                    return { now: iso() };
                });
            case "POST /flat/seedUsers":
                return wrap(() => {
                    const seed = Array.isArray(body.users) ? (body.users as UserSeed[]) : Number(body.count ?? 0);
                    return { seeded: seedUsers(seed, body.organization as string | undefined).length };
                });
            case "POST /flat/organizations":
                return wrap(() => addOrganization(body));
            default:
                return undefined;
        }
    }

    const api: FlatApi = {
        name: "flat",
        prefix: "/v2",
        handle,
        admin,
        snapshot: () => ({
            now: iso(),
            organizations: orgDefinitions,
            users: orgUsers(undefined),
            individualAccounts: [...users.values()].filter((u) => u.organization === undefined),
            invitations: [...invitations.values()],
            ltiCredentials: credentials,
            ltiConfigurations: configurationsOf(undefined),
            accessTokens: [...accessTokens.values()],
            signinLinks,
            rateLimit: limits,
        }),
        reset: resetState,
        organizations: () => [...orgDefinitions],
        addOrganization,
        seedUsers,
        users: orgUsers,
        accounts: () => [...users.values()],
        removeUser(id) {
            for (const [token, t] of accessTokens) if (t.userId === id) accessTokens.delete(token);
            return users.delete(id);
        },
        invitations: (org) => [...invitations.values()].filter((i) => org === undefined || i.organization === org),
        ltiCredentials: (org) => (org === undefined ? credentials : credentials.filter((c) => c.organization === org)),
        ltiConfigurations: configurationsOf,
        accessTokens: () => [...accessTokens.values()],
        signinLinks: () => [...signinLinks],
        signinLinkUser(token) {
            const link = signinLinks.find((l) => l.token === token);
            return link &&
                Date.parse(link.expirationDate) > now() &&
                users.get(link.userId)?.organization === link.organization
                ? link.userId
                : undefined;
        },
        now,
        advanceTime(ms) {
            if (!Number.isFinite(ms) || ms < 0) throw new Error("advanceTime needs a number of ms >= 0");
            clockOffset += ms;
        },
        rateLimit: () => ({ ...limits }),
        setRateLimit(settings) {
            for (const [key, value] of Object.entries(settings)) {
                if (!(key in defaultRateLimit)) throw new Error(`unknown rate-limit setting ${key}`);
                if (typeof value !== "number" || !(value > 0)) throw new Error(`${key} must be a positive number`);
            }
            limits = { ...limits, ...settings };
        },
        resetRateLimits: () => buckets.clear(),
    };

    const defaults = [
        {
            id: defaultOrganizationId,
            name: "Emulated School",
            subdomain: "emulated-school",
            adminToken: defaultFlatToken,
        },
    ];
    // Built once so that ids, tokens and admin accounts stay the same across resets.
    const initialOrganizations = (options.organizations ?? defaults).map((def) => addOrganization(def));
    if (options.seedUsers !== undefined) seedUsers(options.seedUsers);
    return api;
}
