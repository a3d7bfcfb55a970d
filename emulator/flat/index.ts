/**
 * The emulated Flat for Education API (`/v2`): the organization endpoints of Flat's OpenAPI spec
 * v2.24.0 plus `GET /me`, stateful and in memory, with several organizations, bearer
 * authentication, delegated tokens, cursor pagination through `Link` headers and the documented
 * per-token rate limit. Shapes and validation come from the emulator's own model (`../flatSchemas.ts`).
 *
 * Defaults: one organization "Emulated School" (`650000000000000000000001`, subdomain
 * `emulated-school`, admin token `flat-emulator-token`); 7,200 requests per token per hour (1,800 per
 * hour without a valid token); delegated access tokens live 24 h, sign-in links 1 h.
 *
 * Where the spec is silent the emulator chooses, each choice documented in the module that makes it:
 * users.ts (admin-token accounts, uniqueness, `onlyIds`), invitations.ts, lti.ts.
 *
 * Accessors return the live records: mutating them (or splicing `ltiCredentials()`) changes the
 * emulator's state behind the provider's back, which is how tests make drift.
 */
import type { ApiModule, EmulatorRequest, EmulatorResponse } from "../types";
import type { LtiConfiguration1p1Answer } from "../flatSchemas";
import { configurationsOf } from "./lti";
import { handle } from "./routes";
import {
    addOrganization,
    createState,
    defaultFlatToken,
    defaultOrganizationId,
    defaultRateLimit,
    FlatAccessTokenRecord,
    FlatApiOptions,
    FlatInvitationRecord,
    FlatLti13Record,
    FlatLtiCredentialsRecord,
    FlatOrganization,
    FlatOrganizationOptions,
    FlatSigninLinkRecord,
    FlatUserRecord,
    orgUsers,
    RateLimitSettings,
    resetState,
    seedUsers,
    UserSeed,
} from "./state";
import { signinLinkUser } from "./tokens";
import { deleteAccount } from "./users";

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
    ltiConfigurations(organization?: string): (LtiConfiguration1p1Answer | FlatLti13Record)[];
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

export function createFlatApi(options: FlatApiOptions = {}): FlatApi {
    const state = createState(options);

    /** Admin routes (`/_emulator/flat/...`): quota, clock, seeding and organizations, for tests and the CLI. */
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
                return { status: 200, body: state.limits };
            case "POST /flat/rateLimit":
                return wrap(() => {
                    api.setRateLimit(body);
                    return state.limits;
                });
            case "POST /flat/advanceTime":
                return wrap(() => {
                    api.advanceTime(Number(body.ms));
                    return { now: state.iso() };
                });
            case "POST /flat/seedUsers":
                return wrap(() => {
                    const seed = Array.isArray(body.users) ? (body.users as UserSeed[]) : Number(body.count ?? 0);
                    return { seeded: seedUsers(state, seed, body.organization as string | undefined).length };
                });
            case "POST /flat/organizations":
                return wrap(() => addOrganization(state, body));
            default:
                return undefined;
        }
    }

    const api: FlatApi = {
        name: "flat",
        prefix: "/v2",
        handle: (req) => handle(state, req),
        admin,
        snapshot: () => ({
            now: state.iso(),
            organizations: state.organizations,
            users: orgUsers(state, undefined),
            individualAccounts: [...state.users.values()].filter((u) => u.organization === undefined),
            invitations: [...state.invitations.values()],
            ltiCredentials: state.credentials,
            ltiConfigurations: configurationsOf(state, undefined),
            accessTokens: [...state.accessTokens.values()],
            signinLinks: state.signinLinks,
            rateLimit: state.limits,
        }),
        reset: () => resetState(state, initialOrganizations),
        organizations: () => [...state.organizations],
        addOrganization: (def) => addOrganization(state, def),
        seedUsers: (seed, organization) => seedUsers(state, seed, organization),
        users: (organization) => orgUsers(state, organization),
        accounts: () => [...state.users.values()],
        removeUser: (id) => deleteAccount(state, id),
        invitations: (org) =>
            [...state.invitations.values()].filter((i) => org === undefined || i.organization === org),
        ltiCredentials: (org) =>
            org === undefined ? state.credentials : state.credentials.filter((c) => c.organization === org),
        ltiConfigurations: (org) => configurationsOf(state, org),
        accessTokens: () => [...state.accessTokens.values()],
        signinLinks: () => [...state.signinLinks],
        signinLinkUser: (token) => signinLinkUser(state, token),
        now: () => state.now(),
        advanceTime(ms) {
            if (!Number.isFinite(ms) || ms < 0) throw new Error("advanceTime needs a number of ms >= 0");
            state.clockOffset += ms;
        },
        rateLimit: () => ({ ...state.limits }),
        setRateLimit(settings) {
            for (const [key, value] of Object.entries(settings)) {
                if (!(key in defaultRateLimit)) throw new Error(`unknown rate-limit setting ${key}`);
                if (typeof value !== "number" || !(value > 0)) throw new Error(`${key} must be a positive number`);
            }
            state.limits = { ...state.limits, ...settings };
        },
        resetRateLimits: () => state.buckets.clear(),
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
    const initialOrganizations = (options.organizations ?? defaults).map((def) => addOrganization(state, def));
    if (options.seedUsers !== undefined) seedUsers(state, options.seedUsers);
    return api;
}
