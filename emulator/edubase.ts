/**
 * The emulated EduBase API (`/api`): organizations, organization memberships with departments, user
 * search, following EduBase's API documentation. Where the sources leave a behaviour open, the
 * emulator picks the strict reading so that a provider passing here also passes against a lenient
 * server:
 * - credentials only as the `EduBase-API-App` / `EduBase-API-Secret` headers (what EduBase's MCP client sends);
 * - GET arguments only in the query string, POST/DELETE arguments only in a JSON body;
 * - `users` / `organizations` only as comma-separated strings;
 * - department and `permission_*` together are refused (an old note of EduBase's developers), on every write endpoint;
 * - a department must exist in the organization and carries its own permission levels;
 * - a write without department or permissions sets the documented defaults `member` / `none`;
 * - an unknown organization or user code is a 403 with the error headers, never a 404;
 * - an organization the integration lost access to answers exactly like an unknown one, and is left out
 *   of `GET /organizations` and `GET /user:organizations` (nothing tells "gone" from "not allowed");
 * - lists come in the current wrapped shape (`{members:[…]}`, `{organizations:[…]}`).
 * Where the documentation leaves a write open, each plausible reading is an option (`readings`),
 * today's reading the default, so that tests can hold the provider to all of them.
 * Fault injection, latency and exchange recording belong to the shared server.
 */
import type { EmulatorRequest, EmulatorResponse } from "./types";

export * from "./edubaseTypes";
import {
    defaultEdubaseCredentials,
    defaultReadings,
    EdubaseApi,
    EdubaseEmulatorOptions,
    EdubaseReadings,
    EdubaseRequestRecord,
    EmulatedOrganization,
    EmulatedUser,
    PERMISSION_CONTENT,
    PERMISSION_ORGANIZATION,
    SeedOrganization,
    SeedUser,
} from "./edubaseTypes";
import {
    commaList,
    optionalBoolean,
    optionalEnum,
    optionalString,
    positiveInt,
    Refusal,
    refuse,
    requiredString,
} from "./edubaseArguments";

interface State {
    organizations: Map<string, EmulatedOrganization>;
    users: Map<string, EmulatedUser>;
    /** Organizations the integration can no longer manage. */
    inaccessible: Set<string>;
}

const EMPTY: EmulatorResponse = { status: 200 };

export function createEdubaseApi(options: EdubaseEmulatorOptions = {}): EdubaseApi {
    const readings: EdubaseReadings = { ...defaultReadings, ...options.readings };
    const app = options.app ?? defaultEdubaseCredentials.app;
    const secret = options.secret ?? defaultEdubaseCredentials.secret;
    const owner = options.owner ?? {
        user: "EDUBASE_OWNER",
        name: "Emulator Owner",
        email: "owner@edubase.example",
        username: "owner",
    };
    let rateLimit = options.rateLimit;
    let windowStart = 0;
    let windowCount = 0;
    let sequence = 0;
    const seed: State = { organizations: new Map(), users: new Map(), inaccessible: new Set() };
    let live: State = clone(seed);
    const requests: EdubaseRequestRecord[] = [];
    const notifications: { organization: string; user: string }[] = [];

    const both = (apply: (s: State) => void) => [seed, live].forEach(apply);
    const nextCode = (prefix: string) => `${prefix}${(++sequence).toString(36).toUpperCase().padStart(6, "0")}`;

    function seedUser(u: SeedUser): string {
        const code = u.user ?? nextCode("USR");
        const username = u.username ?? code.toLowerCase();
        const user: EmulatedUser = {
            user: code,
            name: u.name,
            email: u.email ?? `${username}@users.edubase.example`,
            username,
            exam: u.exam ?? false,
        };
        both((s) => s.users.set(code, user));
        return code;
    }
    seedUser({ ...owner });

    function seedOrganization(o: SeedOrganization): string {
        const code = o.organization ?? nextCode("ORG");
        both((s) =>
            s.organizations.set(code, {
                organization: code,
                id: o.id ?? null,
                name: o.name,
                departments: new Map(),
                members: new Map(),
            }),
        );
        return code;
    }

    function requireOrg(s: State, code: string): EmulatedOrganization {
        const org = s.organizations.get(code);
        if (!org) throw new Error(`no organization ${code} in the EduBase emulator`);
        return org;
    }

    const api: EdubaseApi = {
        name: "edubase",
        prefix: "/api",
        credentials: { app, secret },
        readings,
        seedOrganization,
        seedUser,
        seedDepartment(organization, department, levels) {
            both((s) =>
                requireOrg(s, organization).departments.set(department, {
                    organization: levels.permissionOrganization,
                    content: levels.permissionContent,
                }),
            );
        },
        seedMembers(organization, n) {
            const codes: string[] = [];
            for (let i = 0; i < n; i++) {
                const code = seedUser({ name: `Seeded Member ${sequence + 1}` });
                both((s) =>
                    requireOrg(s, organization).members.set(code, {
                        department: null,
                        permission: { organization: "member", content: "none" },
                    }),
                );
                codes.push(code);
            }
            return codes;
        },
        organization: (code) => live.organizations.get(code),
        user: (code) => live.users.get(code),
        membership: (organization, user) => live.organizations.get(organization)?.members.get(user),
        setMembership(organization, user, membership) {
            const members = requireOrg(live, organization).members;
            if (membership) members.set(user, membership);
            else members.delete(user);
        },
        deleteUser(user) {
            live.users.delete(user);
            for (const o of live.organizations.values()) o.members.delete(user);
        },
        setAccess(organization, accessible) {
            requireOrg(live, organization);
            if (accessible) live.inaccessible.delete(organization);
            else live.inaccessible.add(organization);
        },
        requests,
        count: (method, path) =>
            requests.filter((r) => (!method || r.method === method) && (!path || r.path === path)).length,
        clearRequests: () => void requests.splice(0),
        notifications,
        setRateLimit(limit) {
            rateLimit = limit;
            windowCount = 0;
        },
        snapshot: () => ({
            organizations: [...live.organizations.values()].map((o) => ({
                organization: o.organization,
                id: o.id,
                name: o.name,
                departments: Object.fromEntries(o.departments),
                members: Object.fromEntries(o.members),
            })),
            users: [...live.users.values()],
            inaccessible: [...live.inaccessible],
            notifications: [...notifications],
        }),
        reset() {
            live = clone(seed);
            requests.splice(0);
            notifications.splice(0);
            windowCount = 0;
        },
        handle(req) {
            let args: Record<string, unknown> = {};
            let res: EmulatorResponse;
            try {
                authenticate(req);
                limitRate();
                args = argumentsOf(req);
                res = route(req.method, req.path, args);
            } catch (err) {
                if (!(err instanceof Refusal)) throw err;
                res = refuse(err);
            }
            requests.push({ method: req.method, path: req.path, args, status: res.status });
            return res;
        },
        admin(req) {
            return admin(req);
        },
    };

    function authenticate(req: EmulatorRequest): void {
        if (req.headers["edubase-api-app"] !== app || req.headers["edubase-api-secret"] !== secret) {
            throw new Refusal(
                401,
                "UNAUTHORIZED",
                "Missing or invalid API credentials (EduBase-API-App / EduBase-API-Secret)",
            );
        }
    }

    function limitRate(): void {
        if (!rateLimit) return;
        const now = Date.now();
        if (now - windowStart >= rateLimit.windowMs) {
            windowStart = now;
            windowCount = 0;
        }
        if (++windowCount > rateLimit.quota)
            throw new Refusal(429, "RATE_LIMIT_EXCEEDED", "Global rate limit exceeded");
    }

    function argumentsOf(req: EmulatorRequest): Record<string, unknown> {
        if (req.method === "GET") {
            if (req.rawBody)
                throw new Refusal(
                    400,
                    "INVALID_REQUEST",
                    "GET requests take their arguments from the query string, not a body",
                );
            return Object.fromEntries(req.query);
        }
        if ([...req.query.keys()].length)
            throw new Refusal(
                400,
                "INVALID_REQUEST",
                `${req.method} arguments must be sent as a JSON body, not in the query string`,
            );
        if (!req.rawBody) return {};
        if (!req.body || typeof req.body !== "object" || Array.isArray(req.body))
            throw new Refusal(400, "INVALID_REQUEST", "The body must be a JSON object");
        return req.body as Record<string, unknown>;
    }

    function route(method: string, path: string, args: Record<string, unknown>): EmulatorResponse {
        const handlers: Record<string, Partial<Record<string, (a: Record<string, unknown>) => EmulatorResponse>>> = {
            "/organizations": { GET: listOrganizations },
            "/organization": { GET: (a) => ok(organizationView(org(a))) },
            "/organization:members": {
                GET: listMembers,
                POST: (a) => assign([org(a)], users(a, "users"), a),
                DELETE: (a) => remove([org(a)], users(a, "users")),
            },
            "/organizations:members": { POST: (a) => assign(orgs(a, "organizations"), users(a, "users"), a) },
            "/user:organizations": {
                GET: listUserOrganizations,
                POST: (a) => assign(orgs(a, "organizations"), [user(a)], a),
                DELETE: (a) => remove(orgs(a, "organizations"), [user(a)]),
            },
            "/user:search": { GET: searchUser },
            "/user:me": { GET: () => ok({ user: owner.user, name: owner.name, status: true, exam: false }) },
        };
        const endpoint = handlers[path];
        if (!endpoint) throw new Refusal(404, "ENDPOINT_NOT_FOUND", `Unknown endpoint ${path}`);
        const handler = endpoint[method];
        if (!handler) throw new Refusal(405, "METHOD_NOT_ALLOWED", `${method} is not supported by ${path}`);
        return handler(args);
    }

    function listOrganizations(a: Record<string, unknown>): EmulatorResponse {
        const limit = positiveInt(a, "limit", 16);
        const page = positiveInt(a, "page", 1);
        const search = optionalString(a, "search");
        let all = visibleOrganizations();
        // Page is not used in search mode: the first `limit` matches come back.
        if (search)
            all = all.filter((o) => o.name.toLowerCase().includes(search.toLowerCase()) || o.organization === search);
        const start = search ? 0 : (page - 1) * limit;
        return list("organizations", all.slice(start, start + limit).map(organizationView));
    }

    function listMembers(a: Record<string, unknown>): EmulatorResponse {
        const o = org(a);
        return list(
            "members",
            [...o.members].map(([code, m]) => ({
                user: code,
                name: live.users.get(code)?.name ?? code,
                department: m.department,
                permission: { organization: m.permission.organization, content: m.permission.content },
            })),
        );
    }

    /**
     * A list answer in the configured shape. Legacy: a bare array, the code under `code`, the
     * permission levels as a one-element list (§7).
     */
    function list(key: "members" | "organizations", items: Record<string, unknown>[]): EmulatorResponse {
        if (readings.listShape === "current") return ok({ [key]: items });
        const codeKey = key === "members" ? "user" : "organization";
        return ok(
            items.map(({ [codeKey]: code, permission, ...rest }) => ({
                code,
                ...rest,
                ...(permission === undefined ? {} : { permission: [permission] }),
            })),
        );
    }

    function listUserOrganizations(a: Record<string, unknown>): EmulatorResponse {
        const u = user(a);
        const memberships = visibleOrganizations().flatMap((o) => {
            const m = o.members.get(u);
            return m
                ? [
                      {
                          ...organizationView(o),
                          link: `https://www.edubase.example/organization/${o.organization}`,
                          department: m.department,
                          permission: { ...m.permission },
                      },
                  ]
                : [];
        });
        return list("organizations", memberships);
    }

    function searchUser(a: Record<string, unknown>): EmulatorResponse {
        const query = requiredString(a, "query");
        const q = query.toLowerCase();
        const found = [...live.users.values()].find(
            (u) => u.user === query || u.email.toLowerCase() === q || u.username.toLowerCase() === q,
        );
        if (!found) throw new Refusal(403, "USER_NOT_FOUND", "No user matches the query");
        return ok({ user: found.user, exam: found.exam });
    }

    /** Every listed user into every listed organization; an existing membership is updated (upsert). */
    function assign(
        targets: EmulatedOrganization[],
        userCodes: string[],
        a: Record<string, unknown>,
    ): EmulatorResponse {
        const department = optionalString(a, "department");
        const permOrg = optionalEnum(a, "permission_organization", PERMISSION_ORGANIZATION);
        const permContent = optionalEnum(a, "permission_content", PERMISSION_CONTENT);
        const notify = optionalBoolean(a, "notify");
        if (department !== undefined && (permOrg !== undefined || permContent !== undefined)) {
            throw new Refusal(
                403,
                "INVALID_ARGUMENTS",
                "department and permission_ fields should not be used together",
            );
        }
        for (const o of targets) {
            if (department !== undefined && !o.departments.has(department))
                throw new Refusal(403, "INVALID_DEPARTMENT", `Unknown department in organization ${o.organization}`);
        }
        for (const o of targets) {
            for (const code of userCodes) {
                const existing = o.members.get(code);
                const explicit = department === undefined;
                if (explicit && existing?.department && readings.explicitLevelsOnDepartment === "keep") continue;
                const permission = explicit
                    ? { organization: permOrg ?? "member", content: permContent ?? "none" }
                    : o.departments.get(department)!;
                o.members.set(code, { department: department ?? null, permission });
                if (notify && !existing) notifications.push({ organization: o.organization, user: code });
            }
        }
        return EMPTY;
    }

    function remove(targets: EmulatedOrganization[], userCodes: string[]): EmulatorResponse {
        if (readings.removeNonMember === "refuse" && targets.some((o) => userCodes.some((u) => !o.members.has(u))))
            throw new Refusal(403, "INVALID_USER", "Invalid user or permission denied");
        for (const o of targets) for (const code of userCodes) o.members.delete(code);
        return EMPTY;
    }

    const org = (a: Record<string, unknown>) => knownOrg(requiredString(a, "organization"));
    const user = (a: Record<string, unknown>) => knownUser(requiredString(a, "user"));
    const orgs = (a: Record<string, unknown>, key: string) => known(commaList(a, key), knownOrg);
    const users = (a: Record<string, unknown>, key: string) => known(commaList(a, key), knownUser);

    /** The known codes of a list: an unknown one refuses the whole request, or is skipped (see readings). */
    function known<T>(codes: string[], lookup: (code: string) => T): T[] {
        if (readings.unknownCodeInList === "refuse") return codes.map(lookup);
        return codes.flatMap((code) => {
            try {
                return [lookup(code)];
            } catch (err) {
                if (err instanceof Refusal) return [];
                throw err;
            }
        });
    }

    function visibleOrganizations(): EmulatedOrganization[] {
        return [...live.organizations.values()].filter((o) => !live.inaccessible.has(o.organization));
    }

    function knownOrg(code: string): EmulatedOrganization {
        const o = live.inaccessible.has(code) ? undefined : live.organizations.get(code);
        if (!o) throw new Refusal(403, "INVALID_ORGANIZATION", "Invalid organization or permission denied");
        return o;
    }
    function knownUser(code: string): string {
        if (!live.users.has(code)) throw new Refusal(403, "INVALID_USER", "Invalid user or permission denied");
        return code;
    }

    function admin(req: EmulatorRequest): EmulatorResponse | undefined {
        // The server hands over the path below /_emulator: `/edubase/state`.
        const mine = /^(?:\/_emulator)?\/edubase(\/.*)$/.exec(req.path);
        if (!mine) return undefined;
        const path = mine[1];
        const body = (req.body ?? {}) as Record<string, unknown>;
        try {
            if (req.method === "GET" && path === "/state") return ok(api.snapshot());
            if (req.method !== "POST") return undefined;
            switch (path) {
                case "/organizations":
                    return ok({
                        organization: seedOrganization({
                            organization: optionalString(body, "organization"),
                            name: requiredString(body, "name"),
                            id: optionalString(body, "id"),
                        }),
                    });
                case "/users":
                    return ok({
                        user: seedUser({
                            user: optionalString(body, "user"),
                            name: requiredString(body, "name"),
                            email: optionalString(body, "email"),
                            username: optionalString(body, "username"),
                        }),
                    });
                case "/departments": {
                    const organization = requiredString(body, "organization");
                    if (!live.organizations.has(organization))
                        return refuse(new Refusal(404, "INVALID_ORGANIZATION", `No organization ${organization}`));
                    api.seedDepartment(organization, requiredString(body, "department"), {
                        permissionOrganization:
                            optionalEnum(body, "permission_organization", PERMISSION_ORGANIZATION) ?? "member",
                        permissionContent: optionalEnum(body, "permission_content", PERMISSION_CONTENT) ?? "none",
                    });
                    return EMPTY;
                }
                case "/members": {
                    const organization = requiredString(body, "organization");
                    if (!live.organizations.has(organization))
                        return refuse(new Refusal(404, "INVALID_ORGANIZATION", `No organization ${organization}`));
                    return ok({ users: api.seedMembers(organization, positiveInt(body, "count", 1)) });
                }
                case "/rate-limit": {
                    const quota = body.quota;
                    api.setRateLimit(
                        typeof quota === "number"
                            ? { quota, windowMs: positiveInt(body, "windowMs", 1000) }
                            : undefined,
                    );
                    return EMPTY;
                }
                case "/access": {
                    const organization = requiredString(body, "organization");
                    if (!live.organizations.has(organization))
                        return refuse(new Refusal(404, "INVALID_ORGANIZATION", `No organization ${organization}`));
                    api.setAccess(organization, optionalBoolean(body, "accessible") ?? false);
                    return EMPTY;
                }
                case "/reset":
                    api.reset();
                    return EMPTY;
                default:
                    return undefined;
            }
        } catch (err) {
            if (err instanceof Refusal) return refuse(err);
            throw err;
        }
    }

    return api;
}

function clone(s: State): State {
    const organizations = new Map<string, EmulatedOrganization>();
    for (const [code, o] of s.organizations)
        organizations.set(code, { ...o, departments: new Map(o.departments), members: new Map(o.members) });
    return { organizations, users: new Map(s.users), inaccessible: new Set(s.inaccessible) };
}

function organizationView(o: EmulatedOrganization) {
    return { organization: o.organization, id: o.id, name: o.name };
}

const ok = (body: unknown): EmulatorResponse => ({
    status: 200,
    headers: { "content-type": "application/json" },
    body,
});
