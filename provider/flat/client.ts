/**
 * Typed calls for Flat's organization operations (`OrganizationApi` of spec v2.24.0) plus `GET /me`.
 * The one place that knows Flat's URLs, paging, status codes and rate-limit signal: resources call
 * named methods and get models back, or `undefined` where the API says "not found".
 */
import * as config from "../core/config";
import { ApiError, ApiProfile, HttpClient, HttpOptions, HttpRequest, QueryValue } from "../core/http";
import { fingerprint, listCache } from "../core/listCache";
import type {
    ApiAccessToken,
    FlatErrorResponse,
    InvitationRole,
    ListOrganizationUsersParams,
    LtiConfiguration,
    LtiConfigurationCreate,
    LtiConfigurationUpdate,
    LtiCredentials,
    LtiCredentialsCreation,
    OrganizationInvitation,
    OrganizationInvitationCreation,
    OrganizationUserAccessTokenCreation,
    OrganizationUserCountFilter,
    UserAdminUpdate,
    UserCreation,
    UserDetails,
    UserDetailsAdmin,
    UserSigninLink,
    UserSigninLinkCreation,
} from "./models";

export interface FlatSettings {
    readonly accessToken: string;
    readonly baseUrl: string;
}

/** Largest page the list endpoints accept: a refresh of N users costs ⌈N/1000⌉ requests. */
const PAGE_LIMIT = 1000;
/** Longest wait for Flat's hourly window when no reset header came with the refusal. */
const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;

function flatProfile(settings: FlatSettings): ApiProfile {
    return {
        name: "Flat",
        baseUrl: settings.baseUrl,
        authHeaders: { authorization: `Bearer ${settings.accessToken}` },
        errorDetails: (_status, _header, body) => {
            const e = (body ?? {}) as Partial<FlatErrorResponse>;
            return typeof body === "object"
                ? { code: e.code, message: e.message, param: e.param }
                : { message: typeof body === "string" ? body.slice(0, 200) : undefined };
        },
        // Flat refuses over-quota requests with 403 API_RATE_LIMIT_EXCEEDED, not 429 (docs: rate limits).
        rateLimitWait: (status, header, details, now) => {
            if (status !== 403 || details.code !== "API_RATE_LIMIT_EXCEEDED") return undefined;
            const reset = Number(header("x-ratelimit-reset"));
            return reset > 0 ? Math.max(0, reset * 1000 - now) : DEFAULT_RATE_LIMIT_WAIT_MS;
        },
        // Every response carries the window's state (docs: rate limits); remaining may go negative.
        quota: (header) => {
            const limit = Number(header("x-ratelimit-limit"));
            const remaining = Number(header("x-ratelimit-remaining"));
            const reset = Number(header("x-ratelimit-reset"));
            if (
                !(limit > 0) ||
                Number.isNaN(remaining) ||
                !(reset > 0) ||
                header("x-ratelimit-remaining") === undefined
            )
                return undefined;
            return { limit, remaining, resetAt: reset * 1000 };
        },
    };
}

/** Settings from an explicit provider / stack config (what `configure` received), then the environment. */
export function flatSettings(source?: config.ConfigSource): FlatSettings {
    return {
        accessToken: config.requireSetting(config.settings.flatAccessToken, source),
        baseUrl: config.lookup(config.settings.flatBaseUrl, source)!.replace(/\/+$/, ""),
    };
}

/** The URL's `next` cursor of an RFC 8288 `Link` header's rel="next" entry. */
export function nextCursor(link: string | undefined): string | undefined {
    if (!link) return undefined;
    for (const part of link.split(",")) {
        const m = /<([^>]+)>\s*;(?:.*;)?\s*rel="?next"?/.exec(part);
        if (m) return new URL(m[1], "http://placeholder").searchParams.get("next") ?? undefined;
    }
    return undefined;
}

/**
 * One list endpoint's snapshot for one credential in the process-wide list cache, and the patch
 * each kind of write applies to it: a read after our own write costs no request.
 */
export class CachedList<T extends { id?: string }> {
    constructor(
        private readonly key: string,
        private readonly load: () => Promise<T[]>,
    ) {}

    /** The snapshot, listed once per process. */
    all(): Promise<T[]> {
        return listCache.get(this.key, this.load);
    }

    /** A new snapshot, after a write whose outcome is unknown. */
    fresh(): Promise<T[]> {
        listCache.drop(this.key);
        return this.all();
    }

    async find(id: string): Promise<T | undefined> {
        return (await this.all()).find((x) => x.id === id);
    }

    added(item: T): void {
        listCache.patch<T>(this.key, (all) => [...all.filter((x) => x.id !== item.id), item]);
    }

    /** `item` undefined: the object is gone. */
    changed(id: string, item: T | undefined): void {
        listCache.patch<T>(this.key, (all) =>
            item ? all.map((x) => (x.id === id ? item : x)) : all.filter((x) => x.id !== id),
        );
    }

    /** Forgets the snapshot: the server changed it in a way we cannot replay. */
    stale(): void {
        listCache.drop(this.key);
    }
}

export class FlatClient {
    private readonly http: HttpClient;
    /** Snapshots of this credential's lists; cache keys carry a fingerprint, never the token. */
    readonly users: CachedList<UserDetailsAdmin>;
    readonly invitations: CachedList<OrganizationInvitation>;
    readonly credentials: CachedList<LtiCredentials>;
    readonly configurations: CachedList<LtiConfiguration>;

    constructor(
        readonly settings: FlatSettings,
        options: HttpOptions = {},
    ) {
        this.http = new HttpClient(flatProfile(settings), options);
        const key = `flat|${settings.baseUrl}|${fingerprint(settings.accessToken)}|`;
        this.users = new CachedList(key + "users", () => this.listOrganizationUsers());
        this.invitations = new CachedList(key + "invitations", () => this.listOrganizationInvitations());
        this.credentials = new CachedList(key + "ltiCredentials", () => this.listLtiCredentials());
        this.configurations = new CachedList(key + "ltiConfigurations", () => this.listLtiConfigurations());
    }

    private async call<T>(req: HttpRequest): Promise<T> {
        return (await this.http.request<T>(req)).body;
    }

    /** Follows `Link` rel="next" until the last page; `onPage` hears how many items each page brought. */
    private async pages<T>(
        path: string,
        query: Record<string, QueryValue>,
        onPage?: (items: number) => void,
    ): Promise<T[]> {
        const all: T[] = [];
        let next: string | undefined;
        do {
            const res = await this.http.request<T[]>({
                method: "GET",
                path,
                query: { ...query, limit: PAGE_LIMIT, next },
            });
            const page = Array.isArray(res.body) ? res.body : [];
            all.push(...page);
            onPage?.(page.length);
            next = nextCursor(res.header("link"));
        } while (next);
        return all;
    }

    /** `GET /me` (`getAuthenticatedUser`): who the token acts for, with its organization and role. */
    getAuthenticatedUser(): Promise<UserDetails> {
        return this.call({ method: "GET", path: "/me" });
    }

    // ---- users ----

    /** `listOrganizationUsers`, every page (`onPage`: for a progress display). */
    listOrganizationUsers(
        params: ListOrganizationUsersParams = {},
        onPage?: (items: number) => void,
    ): Promise<UserDetailsAdmin[]> {
        const { limit: _ignored, ...query } = params;
        return this.pages<UserDetailsAdmin>("/organizations/users", query, onPage);
    }

    /** `countOrgaUsers`: the spec declares a bare integer (with a stray `items`); accept a wrapped form too. */
    async countOrganizationUsers(filter: OrganizationUserCountFilter = {}): Promise<number> {
        // Only the count's own filters: a list filter such as licenseExpirationDate is not in its spec.
        const { role, q, group, noActiveLicense, testAccounts } = filter;
        const body = await this.call<unknown>({
            method: "GET",
            path: "/organizations/users/count",
            query: { role, q, group, noActiveLicense, testAccounts },
        });
        const n = typeof body === "number" ? body : Number((body as { count?: unknown })?.count ?? body);
        if (!Number.isFinite(n)) throw new Error("Flat API GET /organizations/users/count returned no number");
        return n;
    }

    async createOrganizationUser(body: UserCreation): Promise<UserDetailsAdmin> {
        const user = await this.call<UserDetailsAdmin>({ method: "POST", path: "/organizations/users", body });
        this.users.added(user);
        return user;
    }

    /** `updateOrganizationUser`; undefined when the user is not (or no longer) in the organization. */
    async updateOrganizationUser(id: string, body: UserAdminUpdate): Promise<UserDetailsAdmin | undefined> {
        const user = await this.orUndefinedOn404(
            this.call<UserDetailsAdmin>({
                method: "PUT",
                path: `/organizations/users/${encodeURIComponent(id)}`,
                body,
            }),
        );
        this.users.changed(id, user);
        return user;
    }

    /** `removeOrganizationUser`; false when it was already gone. */
    async removeOrganizationUser(id: string, options: { convertToIndividual?: boolean } = {}): Promise<boolean> {
        const query = options.convertToIndividual ? { convertToIndividual: true } : undefined;
        const done = await this.orUndefinedOn404(
            this.call({ method: "DELETE", path: `/organizations/users/${encodeURIComponent(id)}`, query }).then(
                () => true,
            ),
        );
        this.users.changed(id, undefined);
        return done ?? false;
    }

    /** `createOrganizationUserSigninLink`; undefined when the user is gone. */
    createOrganizationUserSigninLink(
        id: string,
        body: UserSigninLinkCreation = {},
    ): Promise<UserSigninLink | undefined> {
        return this.orUndefinedOn404(
            this.call({ method: "POST", path: `/organizations/users/${encodeURIComponent(id)}/signinLink`, body }),
        );
    }

    /** `createOrganizationUserAccessToken`; undefined when the user is gone. */
    createOrganizationUserAccessToken(
        id: string,
        body: OrganizationUserAccessTokenCreation,
    ): Promise<ApiAccessToken | undefined> {
        return this.orUndefinedOn404(
            this.call({ method: "POST", path: `/organizations/users/${encodeURIComponent(id)}/accessToken`, body }),
        );
    }

    // ---- invitations ----

    /** `listOrganizationInvitations`, every page. */
    listOrganizationInvitations(params: { role?: InvitationRole | "user" } = {}): Promise<OrganizationInvitation[]> {
        return this.pages<OrganizationInvitation>("/organizations/invitations", params);
    }

    async createOrganizationInvitation(body: OrganizationInvitationCreation): Promise<OrganizationInvitation> {
        const invitation = await this.call<OrganizationInvitation>({
            method: "POST",
            path: "/organizations/invitations",
            body,
        });
        this.invitations.added(invitation);
        // An invitation to an existing member changes that member's role: the users snapshot is stale.
        if (invitation.usedBy?.length) this.users.stale();
        return invitation;
    }

    /** `removeOrganizationInvitation`; false when it was already gone. */
    async removeOrganizationInvitation(id: string): Promise<boolean> {
        const done = await this.orUndefinedOn404(
            this.call({ method: "DELETE", path: `/organizations/invitations/${encodeURIComponent(id)}` }).then(
                () => true,
            ),
        );
        this.invitations.changed(id, undefined);
        return done ?? false;
    }

    // ---- LTI 1.1 credentials (deprecated since 2.22 in favour of LTI configurations) ----

    /** `listLtiCredentials`: not paginated. */
    listLtiCredentials(): Promise<LtiCredentials[]> {
        return this.call({ method: "GET", path: "/organizations/lti/credentials" });
    }

    async createLtiCredentials(body: LtiCredentialsCreation): Promise<LtiCredentials> {
        const created = await this.call<LtiCredentials>({
            method: "POST",
            path: "/organizations/lti/credentials",
            body,
        });
        // The snapshot keeps no secret: lists may omit it, and the resource keeps the create-time value.
        const { consumerSecret: _secret, ...listed } = created;
        this.credentials.added(listed);
        return created;
    }

    /** `revokeLtiCredentials`; false when they were already gone (404 "Credentials not found"). */
    async revokeLtiCredentials(id: string): Promise<boolean> {
        const done = await this.orUndefinedOn404(
            this.call({ method: "DELETE", path: `/organizations/lti/credentials/${encodeURIComponent(id)}` }).then(
                () => true,
            ),
        );
        this.credentials.changed(id, undefined);
        return done ?? false;
    }

    // ---- LTI configurations (1.1 and 1.3, API 2.22+) ----

    /** `listLtiConfigurations`: not paginated. */
    listLtiConfigurations(): Promise<LtiConfiguration[]> {
        return this.call({ method: "GET", path: "/organizations/lti/configurations" });
    }

    async createLtiConfiguration(
        body: LtiConfigurationCreate,
    ): Promise<LtiConfiguration & { registrationUrl?: string }> {
        const created = await this.call<LtiConfiguration>({
            method: "POST",
            path: "/organizations/lti/configurations",
            body,
        });
        this.configurations.added(created);
        return created;
    }

    /** `updateLtiConfiguration` (LTI 1.3 only); undefined when the configuration is gone. */
    async updateLtiConfiguration(id: string, body: LtiConfigurationUpdate): Promise<LtiConfiguration | undefined> {
        const updated = await this.orUndefinedOn404(
            this.call<LtiConfiguration>({
                method: "PUT",
                path: `/organizations/lti/configurations/${encodeURIComponent(id)}`,
                body,
            }),
        );
        this.configurations.changed(id, updated);
        return updated;
    }

    /** `deleteLtiConfiguration`; false when it was already gone. */
    async deleteLtiConfiguration(id: string): Promise<boolean> {
        const done = await this.orUndefinedOn404(
            this.call({ method: "DELETE", path: `/organizations/lti/configurations/${encodeURIComponent(id)}` }).then(
                () => true,
            ),
        );
        this.configurations.changed(id, undefined);
        return done ?? false;
    }

    /** Not found is a value: a 404 becomes undefined, every other failure stays an error. */
    private async orUndefinedOn404<T>(p: Promise<T>): Promise<T | undefined> {
        try {
            return await p;
        } catch (err) {
            if (err instanceof ApiError && err.status === 404) return undefined;
            throw err;
        }
    }
}

/** A client for the credentials the provider process was configured with (or the environment). */
export function flatClient(source?: config.ConfigSource): FlatClient {
    return new FlatClient(flatSettings(source));
}
