/**
 * The Flat emulator's state: organizations, accounts, invitations, LTI, delegated tokens, sign-in
 * links and quota buckets, with the clock and the id generator they are stamped with.
 */
import { randomBytes } from "node:crypto";
import type {
    AppScope,
    InvitationAnswer,
    LicenseMode,
    LicenseSource,
    LtiConfiguration1p3Answer,
    LtiCredentialsAnswer,
    OrganizationRole,
} from "../flatSchemas";

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

export interface FlatInvitationRecord extends InvitationAnswer {
    readonly id: string;
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

/** A stored LTI 1.3 configuration. */
export type FlatLti13Record = LtiConfiguration1p3Answer;

/** LTI 1.1 credentials as stored, secret included; `1p1` configurations are views of these. */
export interface FlatLtiCredentialsRecord extends LtiCredentialsAnswer {
    readonly id: string;
    readonly organization: string;
    readonly creator: string;
    readonly creationDate: string;
    readonly consumerKey: string;
    readonly consumerSecret: string;
}

export interface FlatState {
    readonly options: FlatApiOptions;
    /** Added to the base clock by `advanceTime`. */
    clockOffset: number;
    limits: RateLimitSettings;
    readonly accessTokenTtlMs: number;
    readonly signinLinkTtlMs: number;
    readonly organizations: FlatOrganization[];
    /** Every account by id: members, admin-token accounts and accounts converted to individuals. */
    readonly users: Map<string, FlatUserRecord>;
    readonly invitations: Map<string, FlatInvitationRecord>;
    readonly lti: Map<string, FlatLti13Record>;
    readonly credentials: FlatLtiCredentialsRecord[];
    /** Delegated tokens by token. */
    readonly accessTokens: Map<string, FlatAccessTokenRecord>;
    readonly signinLinks: FlatSigninLinkRecord[];
    /** Rate-limit windows by token (or "anonymous"). */
    readonly buckets: Map<string, { windowStart: number; count: number }>;
    /** The parent configuration id of each deployment type. */
    readonly deploymentParents: Map<string, string>;
    seedCounter: number;
    now(): number;
    iso(ms?: number): string;
    newId(): string;
}

export function createState(options: FlatApiOptions): FlatState {
    const baseClock = options.now ?? Date.now;
    // ObjectId-like ids: creation second + per-instance random + counter, so they sort by creation.
    const idNonce = randomBytes(5).toString("hex");
    let idCounter = 0;
    const state: FlatState = {
        options,
        clockOffset: 0,
        limits: { ...defaultRateLimit, ...options.rateLimit },
        accessTokenTtlMs: options.accessTokenTtlMs ?? defaultAccessTokenTtlMs,
        signinLinkTtlMs: options.signinLinkTtlMs ?? defaultSigninLinkTtlMs,
        organizations: [],
        users: new Map(),
        invitations: new Map(),
        lti: new Map(),
        credentials: [],
        accessTokens: new Map(),
        signinLinks: [],
        buckets: new Map(),
        deploymentParents: new Map(),
        seedCounter: 0,
        now: () => baseClock() + state.clockOffset,
        iso: (ms = state.now()) => new Date(ms).toISOString(),
        newId: () => {
            idCounter = (idCounter + 1) % 0x1000000;
            return (
                Math.floor(state.now() / 1000)
                    .toString(16)
                    .padStart(8, "0")
                    .slice(-8) +
                idNonce +
                idCounter.toString(16).padStart(6, "0")
            );
        },
    };
    return state;
}

export const orgById = (s: FlatState, id: string | undefined) => s.organizations.find((o) => o.id === id);

export const isTokenAccount = (s: FlatState, u: FlatUserRecord) => s.organizations.some((o) => o.adminUserId === u.id);

/** Members of one organization (or of all), admin-token accounts excluded. */
export const orgUsers = (s: FlatState, orgId: string | undefined) =>
    [...s.users.values()].filter(
        (u) =>
            u.organization !== undefined && (orgId === undefined || u.organization === orgId) && !isTokenAccount(s, u),
    );

function insertAdmin(s: FlatState, org: FlatOrganization): void {
    s.users.set(org.adminUserId, {
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
        creationDate: s.iso(),
    });
}

export function addOrganization(s: FlatState, def: FlatOrganizationOptions = {}): FlatOrganization {
    const id = def.id ?? s.newId();
    if (!/^[0-9a-f]{24}$/.test(id)) throw new Error(`organization id ${id} is not 24 hex digits`);
    const n = s.organizations.length + 1;
    const org: FlatOrganization = {
        id,
        name: def.name ?? `Emulated School ${n}`,
        subdomain: def.subdomain ?? `emulated-school-${n}`,
        adminToken: def.adminToken ?? `flat-emulator-token-${n}`,
        adminUserId: s.newId(),
    };
    if (
        s.organizations.some((o) => o.id === org.id || o.adminToken === org.adminToken || o.subdomain === org.subdomain)
    ) {
        throw new Error(`organization ${org.id} clashes with an existing id, token or subdomain`);
    }
    s.organizations.push(org);
    insertAdmin(s, org);
    return org;
}

export function seedUsers(s: FlatState, seed: number | UserSeed[], organization?: string): FlatUserRecord[] {
    const list: UserSeed[] = typeof seed === "number" ? Array.from({ length: seed }, () => ({})) : seed;
    return list.map((u) => {
        const org = orgById(s, u.organization ?? organization ?? s.organizations[0]?.id);
        if (!org) throw new Error(`unknown organization ${u.organization ?? organization}`);
        s.seedCounter += 1;
        const k = String(s.seedCounter).padStart(5, "0");
        const record: FlatUserRecord = {
            id: s.newId(),
            organization: org.id,
            organizationRole: u.organizationRole ?? "user",
            username: u.username ?? `student${k}`,
            firstname: u.firstname ?? "Student",
            lastname: u.lastname ?? k,
            email: u.email ?? `student${k}@${org.subdomain}.example.org`,
            password: u.password,
            locale: "en",
            groups: u.groups ?? [],
            isEduTestingStudent: u.isEduTestingStudent ?? false,
            lastActivityDate: u.lastActivityDate,
            license: u.license,
            creationDate: s.iso(),
        };
        s.users.set(record.id, record);
        return record;
    });
}

/** Back to the start: the given organizations, seed users, clock and quota as the options set them. */
export function resetState(s: FlatState, initialOrganizations: readonly FlatOrganization[]): void {
    s.clockOffset = 0;
    s.limits = { ...defaultRateLimit, ...s.options.rateLimit };
    s.organizations.length = 0;
    s.users.clear();
    s.invitations.clear();
    s.lti.clear();
    s.credentials.length = 0;
    s.accessTokens.clear();
    s.signinLinks.length = 0;
    s.buckets.clear();
    s.deploymentParents.clear();
    s.seedCounter = 0;
    for (const org of initialOrganizations) {
        s.organizations.push(org);
        insertAdmin(s, org);
    }
    if (s.options.seedUsers !== undefined) seedUsers(s, s.options.seedUsers);
}
