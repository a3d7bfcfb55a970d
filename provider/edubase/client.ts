/**
 * Typed calls for EduBase's organization-membership endpoints plus `GET /user:search` and
 * `GET /user:me`. The one place that knows EduBase's URLs,
 * argument encoding, list shapes and error headers: resources call named methods and get models
 * back, or `undefined` where the API says "no such organization / user".
 *
 * Encoding follows EduBase's official MCP client: credentials only as headers, GET arguments in the
 * query string, POST/DELETE arguments as a JSON body, lists as comma-separated strings. Decoding is
 * lenient because EduBase's documentation and client disagree on shapes.
 */
import * as config from "../core/config";
import { ApiError, ApiProfile, HttpClient, HttpOptions, HttpRequest } from "../core/http";
import { fingerprint, listCache } from "../core/listCache";

export const permissionOrganizationLevels = ["member", "teacher", "reporter", "supervisor", "admin"] as const;
export const permissionContentLevels = ["none", "view", "report", "control", "modify", "grant", "admin"] as const;
/** The user's role in the organization. */
export type PermissionOrganization = (typeof permissionOrganizationLevels)[number];
/** The user's rights over the organization's contents. */
export type PermissionContent = (typeof permissionContentLevels)[number];

export interface Organization {
    /** The organization's identification string (code). */
    readonly organization: string;
    /** The caller-defined external id, or null. */
    readonly id: string | null;
    readonly name: string;
}

/** One membership as the member lists return it. Levels are strings: newer levels may appear. */
export interface Member {
    readonly user: string;
    readonly name: string;
    readonly department: string | null;
    readonly permissionOrganization: string;
    readonly permissionContent: string;
}

export interface UserOrganization extends Organization {
    /** URL of the organization manager page. */
    readonly link: string | null;
    readonly department: string | null;
    readonly permissionOrganization: string;
    readonly permissionContent: string;
}

export interface UserMatch {
    readonly user: string;
    /** True for exam-only (generated) accounts. */
    readonly exam: boolean;
}

export interface Me {
    readonly user: string;
    readonly name: string;
    readonly status: boolean;
    readonly exam: boolean;
}

/**
 * What a membership write sets. EduBase takes either a department (which carries its own levels) or
 * explicit levels, never both; the type says so.
 */
export type MembershipSettings =
    | { readonly department: string; readonly permissionOrganization?: never; readonly permissionContent?: never }
    | { readonly department?: undefined; readonly permissionOrganization: string; readonly permissionContent: string };

export interface EdubaseSettings {
    readonly app: string;
    readonly secret: string;
    readonly apiUrl: string;
}

/** Settings from an explicit provider / stack config (what `configure` received), then the environment. */
export function edubaseSettings(source?: config.ConfigSource): EdubaseSettings {
    return {
        app: config.requireSetting(config.settings.edubaseApp, source),
        secret: config.requireSetting(config.settings.edubaseSecret, source),
        apiUrl: config.lookup(config.settings.edubaseApiUrl, source)!.replace(/\/+$/, ""),
    };
}

function edubaseProfile(settings: EdubaseSettings): ApiProfile {
    return {
        name: "EduBase",
        baseUrl: settings.apiUrl,
        // Headers keep the secret out of URLs and logs; it is what the official client sends.
        authHeaders: { "EduBase-API-App": settings.app, "EduBase-API-Secret": settings.secret },
        // The reason travels in headers; the body of an error is not useful.
        errorDetails: (_status, header) => ({
            code: header("EduBase-API-Error-Code"),
            message: header("EduBase-API-Error"),
        }),
        // 429 is the global limit; with no documented Retry-After the core backs off on its own.
        rateLimitWait: (status, header) => {
            const after = Number(header("retry-after"));
            return status === 429 && after > 0 ? after * 1000 : undefined;
        },
    };
}

/** `a,b,c`: how EduBase takes lists. A code never contains a comma. */
export function commaList(items: readonly string[]): string {
    return items.join(",");
}

/** The write body's membership fields; booleans stay JSON booleans, as the MCP sends them. */
function settingsBody(settings: MembershipSettings, notify: boolean | undefined): Record<string, unknown> {
    return settings.department !== undefined
        ? { department: settings.department, notify }
        : {
              permission_organization: settings.permissionOrganization,
              permission_content: settings.permissionContent,
              notify,
          };
}

/**
 * EduBase's 403: an unknown organization or user code, or one this integration may not manage; the
 * two cannot be told apart, so a 403 is never taken for "gone" on its own. 400 also
 * means "temporarily unavailable".
 */
export function isRefused(err: unknown): err is ApiError {
    return err instanceof ApiError && err.status === 403;
}

/** Users per write request: a 50,000-member set is written in bounded requests. */
export const MAX_USERS_PER_REQUEST = 1000;

function chunks<T>(items: readonly T[], size = MAX_USERS_PER_REQUEST): T[][] {
    const out: T[][] = [];
    for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
    return out;
}

export class EdubaseClient {
    private readonly http: HttpClient;
    /** Prefix of this credential's list-cache keys; the secret itself never appears in a key. */
    private readonly cacheKey: string;

    constructor(
        readonly settings: EdubaseSettings,
        options: HttpOptions = {},
    ) {
        this.http = new HttpClient(edubaseProfile(settings), options);
        this.cacheKey = `edubase|${settings.apiUrl}|${fingerprint(`${settings.app}:${settings.secret}`)}|members|`;
    }

    private async get(path: string, query: Record<string, string | number | undefined>): Promise<unknown> {
        return (await this.http.request<unknown>({ method: "GET", path, query })).body;
    }

    /** EduBase's POSTs are upserts ("updates memberships if already member"), so a retry is safe. */
    private async write(method: "POST" | "DELETE", path: string, body: Record<string, unknown>): Promise<void> {
        const req: HttpRequest = { method, path, body, idempotent: true };
        await this.http.request<unknown>(req);
    }

    /** Maps a refusal (unknown, or not allowed) to undefined, for lookups; other failures propagate. */
    private async orUndefined<T>(p: Promise<T>): Promise<T | undefined> {
        try {
            return await p;
        } catch (err) {
            if (isRefused(err)) return undefined;
            throw err;
        }
    }

    // ---- organizations ----

    /** `GET /organizations`: one page (limit default 16, page default 1; page is ignored in search mode). */
    async listOrganizations(params: { search?: string; limit?: number; page?: number } = {}): Promise<Organization[]> {
        return listOf(await this.get("/organizations", params), "organizations").map(toOrganization);
    }

    /**
     * Every organization the application's owner owns or manages (matching `search`). Stops at a short
     * page, or at a page with nothing new: in search mode the API ignores `page`.
     */
    async allOrganizations(search?: string, pageSize = 100): Promise<Organization[]> {
        const seen = new Map<string, Organization>();
        for (let page = 1; ; page++) {
            const batch = await this.listOrganizations({ search, limit: pageSize, page });
            const before = seen.size;
            for (const o of batch) seen.set(o.organization, o);
            if (batch.length < pageSize || seen.size === before) return [...seen.values()];
        }
    }

    /** `GET /organization`; undefined when the code is unknown or not manageable. */
    async getOrganization(organization: string): Promise<Organization | undefined> {
        const body = await this.orUndefined(this.get("/organization", { organization }));
        return body === undefined ? undefined : toOrganization(body);
    }

    // ---- organization members ----

    /** `GET /organization:members`, uncached: every member (the endpoint has no paging). A 403 throws. */
    async listOrganizationMembers(organization: string): Promise<Member[]> {
        return listOf(await this.get("/organization:members", { organization }), "members").map(toMember);
    }

    /**
     * The members of `organization` from this process's snapshot: one request per organization per
     * process. A refusal is remembered too (one request, however many resources ask) and thrown.
     */
    async organizationMembers(organization: string): Promise<Member[]> {
        const snapshot = await listCache.get<SnapshotEntry>(this.memberKey(organization), async () => {
            try {
                return (await this.listOrganizationMembers(organization)).map((m) => ({ member: m }));
            } catch (err) {
                if (isRefused(err)) return [{ refused: err }];
                throw err;
            }
        });
        const refused = snapshot.find((e) => e.refused)?.refused;
        if (refused) throw refused;
        return snapshot.flatMap((e) => (e.member ? [e.member] : []));
    }

    /**
     * The members of `organization` as EduBase reports them once this process's writes to it have
     * ended: concurrent writes (a first up of many memberships) share one read.
     */
    async membersAfterWrites(organization: string): Promise<Member[]> {
        const key = this.memberKey(organization);
        for (let w = writesInFlight.get(key); w; w = writesInFlight.get(key)) await w.idle;
        return this.organizationMembers(organization);
    }

    /** The members of `organization` as EduBase has them now: the snapshot is read again. */
    async freshOrganizationMembers(organization: string): Promise<Member[]> {
        listCache.drop(this.memberKey(organization));
        return this.organizationMembers(organization);
    }

    /** `POST /organization:members`: assigns (or updates) users in one organization. */
    async addOrganizationMembers(
        organization: string,
        users: readonly string[],
        settings: MembershipSettings,
        notify?: boolean,
    ): Promise<void> {
        await this.assigning([organization], async () => {
            for (const part of chunks(users)) {
                await this.write("POST", "/organization:members", {
                    organization,
                    users: commaList(part),
                    ...settingsBody(settings, notify),
                });
            }
        });
    }

    /** `DELETE /organization:members`: removes users from one organization (comma lists of at most 1,000). */
    async removeOrganizationMembers(organization: string, users: readonly string[]): Promise<void> {
        for (const part of chunks(users)) {
            await this.write("DELETE", "/organization:members", { organization, users: commaList(part) });
            this.noteRemoved([organization], part);
        }
    }

    /** `POST /organizations:members`: every listed user into every listed organization, 1,000 users a request. */
    async addMembersToOrganizations(
        organizations: readonly string[],
        users: readonly string[],
        settings: MembershipSettings,
        notify?: boolean,
    ): Promise<void> {
        await this.assigning(organizations, async () => {
            for (const part of chunks(users)) {
                await this.write("POST", "/organizations:members", {
                    organizations: commaList(organizations),
                    users: commaList(part),
                    ...settingsBody(settings, notify),
                });
            }
        });
    }

    // ---- user organizations ----

    /** `GET /user:organizations`: the organizations of the user that this integration may see. A 403 throws. */
    async listUserOrganizations(user: string): Promise<UserOrganization[]> {
        return listOf(await this.get("/user:organizations", { user }), "organizations").map(toUserOrganization);
    }

    /** `POST /user:organizations`: one user into (or updated in) several organizations. */
    async addUserOrganizations(
        user: string,
        organizations: readonly string[],
        settings: MembershipSettings,
        notify?: boolean,
    ): Promise<void> {
        await this.assigning(organizations, () =>
            this.write("POST", "/user:organizations", {
                user,
                organizations: commaList(organizations),
                ...settingsBody(settings, notify),
            }),
        );
    }

    // ---- users ----

    /** `GET /user:search` by email, username or code; undefined when nobody matches. */
    async searchUser(query: string): Promise<UserMatch | undefined> {
        const body = await this.orUndefined(this.get("/user:search", { query }));
        if (body === undefined) return undefined;
        const b = wire(body);
        return { user: String(b.user ?? b.code), exam: b.exam === true || b.exam === "true" };
    }

    /** `GET /user:me`: the account the application acts for. */
    async me(): Promise<Me> {
        const b = wire(await this.get("/user:me", {}));
        return {
            user: String(b.user ?? b.code),
            name: String(b.name ?? ""),
            status: b.status !== false,
            exam: b.exam === true,
        };
    }

    // ---- snapshot maintenance ----

    private memberKey(organization: string): string {
        // The trailing separator keeps ORG_1's patches off ORG_10's snapshot.
        return `${this.cacheKey}${organization}|`;
    }

    /**
     * Runs an assignment. What EduBase made of it is read back, never assumed from the request: where
     * the documentation is silent (a department kept over explicit levels, an unknown code skipped)
     * only the member list tells. The snapshots are dropped when the write ends, and writes to one
     * organization that overlap share one read back (see `membersAfterWrites`).
     */
    private async assigning(organizations: readonly string[], work: () => Promise<void>): Promise<void> {
        const keys = organizations.map((o) => this.memberKey(o));
        for (const key of keys) {
            const w = writesInFlight.get(key);
            if (w) w.count++;
            else {
                let done = () => {};
                const idle = new Promise<void>((resolve) => (done = resolve));
                writesInFlight.set(key, { count: 1, idle, done });
            }
        }
        try {
            await work();
        } finally {
            for (const key of keys) {
                listCache.drop(key);
                const w = writesInFlight.get(key)!;
                if (--w.count === 0) {
                    writesInFlight.delete(key);
                    w.done();
                }
            }
        }
    }

    private noteRemoved(organizations: readonly string[], users: readonly string[]): void {
        const removed = new Set(users);
        for (const organization of organizations) {
            listCache.patch<SnapshotEntry>(this.memberKey(organization), (entries) =>
                entries.filter((e) => !e.member || !removed.has(e.member.user)),
            );
        }
    }
}

/** Assignments in flight per member-list key; process-wide, as the snapshots (clients are made per call). */
const writesInFlight = new Map<string, { count: number; idle: Promise<void>; done: () => void }>();

/** A snapshot holds the members, or the one refusal EduBase answered for the organization. */
type SnapshotEntry =
    | { readonly member: Member; readonly refused?: undefined }
    | { readonly member?: undefined; readonly refused: ApiError };

/** A client for the credentials the provider process was configured with (or the environment). */
export function edubaseClient(source?: config.ConfigSource): EdubaseClient {
    return new EdubaseClient(edubaseSettings(source));
}

// ---- lenient decoding: the documented and the observed shapes differ ----

/** A JSON object from the wire; `any` stays at this boundary. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the wire boundary: decoded leniently below
type Wire = Record<string, any>;

function wire(value: unknown): Wire {
    return value && typeof value === "object" && !Array.isArray(value) ? value : {};
}

/** A bare array, or the array wrapped under `key` (current shape). */
export function listOf(body: unknown, key: "members" | "organizations"): Wire[] {
    const list: unknown = Array.isArray(body) ? body : wire(body)[key];
    return Array.isArray(list) ? list.map(wire) : [];
}

/** `permission` as an object or as a one-element list of one. */
export function permissionOf(value: unknown): { organization: string; content: string } {
    const p = wire(Array.isArray(value) ? value[0] : value);
    return { organization: String(p.organization ?? "member"), content: String(p.content ?? "none") };
}

const nullableString = (v: unknown): string | null =>
    v === undefined || v === null || v === "" ? null : typeof v === "string" ? v : JSON.stringify(v);

function toOrganization(value: unknown): Organization {
    const o = wire(value);
    return { organization: String(o.organization ?? o.code), id: nullableString(o.id), name: String(o.name ?? "") };
}

function toMember(m: Wire): Member {
    const p = permissionOf(m.permission);
    return {
        user: String(m.user ?? m.code),
        name: String(m.name ?? ""),
        department: nullableString(m.department),
        permissionOrganization: p.organization,
        permissionContent: p.content,
    };
}

function toUserOrganization(o: Wire): UserOrganization {
    const p = permissionOf(o.permission);
    return {
        ...toOrganization(o),
        link: nullableString(o.link),
        department: nullableString(o.department),
        permissionOrganization: p.organization,
        permissionContent: p.content,
    };
}
