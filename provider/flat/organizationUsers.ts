/**
 * `flat.OrganizationUsers`: a whole roster of accounts of the Flat for Education organization as one
 * resource, for districts with thousands of students. One `flat.OrganizationUser` per person costs
 * the program a stack-traced Output per property and the state ~1.5 KB per person; here the roster
 * is one map input keyed by username, so the state stays small and a preview shows exactly which
 * usernames are added, removed or changed.
 *
 * Reads: one users list for the whole set (⌈N/1000⌉ requests on refresh). Writes: exactly the
 * creates, PUTs and removals the difference needs. A run that fails or is interrupted part way is
 * completed by the next: partial progress is recorded (an error carrying the id and the accounts
 * done so far), and accounts that already exist are adopted without a password.
 */
import { randomBytes } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { checkInputs } from "../core/check";
import { ArgsOf, changesOf, Complete, input, InputsOf, OutputsOf, rulesOf } from "../core/fields";
import { createOnce } from "../core/createOnce";
import {
    CheckFailure,
    CheckResult,
    DiffResult,
    diffInputs,
    Handlers,
    isUnknown,
    ResourceInitError,
} from "../core/dynamic";
import { ApiError } from "../core/http";
import { removalBudgets } from "../core/removalBudget";
import type { RosterEntry } from "../roster/entries";
import { FlatClient, flatClient } from "./client";
import { OrganizationRole, UserAdminUpdate, UserDetailsAdmin } from "./models";
import { OnDelete, onDeleteModes, fields as userFields } from "./organizationUser";
import { claimUsernames, releaseUsernames } from "./usernameClaims";
import { claimAccount, claimedInThisRun, profileUpdate } from "./userProfile";

/** The same three modes as `flat.OrganizationUser`'s `onDelete`. */
export const onRemoveModes = onDeleteModes;
export type OnRemove = OnDelete;

/** `flat.OrganizationUser`'s password rule, optional here: `check` says which accounts lack one. */
const { required: _required, hint: _hint, default: _default, ...PASSWORD } = userFields.password.rule!;

/** One declared account; its username is the key of the `users` map. */
export interface UserProfile {
    /** The username as declared, kept only when it is not all lowercase (the map key is). */
    username?: string;
    email?: string;
    /** First name (≤ 60 characters). */
    firstname?: string;
    /** Last name (≤ 60 characters). */
    lastname?: string;
    /** `user` (student, the default), `teacher`, `admin` or `accountAdmin`. */
    role?: OrganizationRole;
}

/** One account as read back from Flat. Never a password. */
export interface UserState {
    id: string;
    /** Flat's username when it differs from the map key (another case). */
    username?: string;
    email?: string;
    firstname?: string;
    lastname?: string;
    role: OrganizationRole;
}

export const fields = {
    /**
     * The accounts: entries as `roster.readCsv`/`roster.readOneRoster` return them, or a map keyed by
     * username. Usernames are case-insensitive; the resource stores the map keyed by lowercase username.
     * As an output: lowercase username → the account as read back (id, role, profile).
     */
    users: input<
        Record<string, UserProfile>,
        readonly RosterEntry[] | Record<string, UserProfile>,
        Record<string, UserState>
    >().required(),
    /**
     * Password (6–1000 characters) of every created account that `passwords` does not name. Secret; sent only to
     * create an account, never to an existing one.
     */
    initialPassword: input<string>().optional(PASSWORD, { secret: true, inputOnly: true }),
    /** Per-username initial passwords (secret), for accounts that must not share `initialPassword`. */
    passwords: input<Record<string, string>, Record<string, pulumi.Input<string>>>().optional(undefined, {
        secret: true,
        inputOnly: true,
    }),
    /**
     * What taking a username out of `users` (or destroying the resource) does: `delete` (the API's
     * default) removes the account with its scores, assignments and class data; `convertToIndividual`
     * makes it an individual account outside the organization (the user must be 13 or older);
     * `retain` stops managing it and sends nothing.
     */
    onRemove: input<OnRemove>().defaulted(
        { type: "string", enum: onRemoveModes, default: "delete" },
        { change: "update" },
    ),
    /**
     * Take over accounts whose username already exists (default true): only the differing profile fields are written,
     * never a password.
     */
    adoptExisting: input<boolean>().defaulted({ type: "boolean", default: true }),
    /** Language of created accounts (applied at creation only). */
    locale: input<string>().optional({ type: "string", minLength: 2, maxLength: 10 }),
};

export type OrganizationUsersArgs = ArgsOf<typeof fields>;
/** Inputs after `check`. */
export type OrganizationUsersInputs = InputsOf<typeof fields>;
export type OrganizationUsersOutputs = OutputsOf<typeof fields>;

const rules = rulesOf(fields);
const changeKinds = changesOf(fields);
/** A profile's fields are checked as `flat.OrganizationUser` checks them. */
const profileRules = rulesOf({
    username: userFields.username,
    email: userFields.email,
    firstname: userFields.firstname,
    lastname: userFields.lastname,
    role: userFields.role,
});
/** Failures listed per check; a broken export of 50,000 rows must not make a 50,000-line preview. */
const LISTED_FAILURES = 20;
/** Requests this resource keeps in flight; the HTTP layer's per-API cap decides the real load. */
const WORKERS = 16;
/** A progress line every this many accounts written. */
const PROGRESS_EVERY = 1000;

const roleOf = (p: UserProfile): OrganizationRole => p.role ?? "user";
const usernameOf = (key: string, p: { username?: string }) => p.username ?? key;

async function check(
    _olds: Partial<OrganizationUsersInputs>,
    news: Record<string, unknown>,
): Promise<CheckResult<OrganizationUsersInputs>> {
    const { inputs, failures } = checkInputs<OrganizationUsersInputs>(news, rules);
    const users = news.users;
    if (users === undefined || users === null) failures.push({ property: "users", reason: "users is required" });
    else if (!isUnknown(users) && (typeof users !== "object" || Array.isArray(users)))
        failures.push({ property: "users", reason: "users must be a map keyed by username" });
    else if (!isUnknown(users)) {
        inputs.users = users as Record<string, UserProfile>;
        failures.push(...checkProfiles(inputs.users));
    } else inputs.users = users as Record<string, UserProfile>;
    const passwords = news.passwords;
    if (passwords !== undefined && passwords !== null) {
        inputs.passwords = passwords as Record<string, string>;
        if (!isUnknown(passwords)) failures.push(...checkPasswords(inputs.passwords, inputs.users));
    }
    if (inputs.initialPassword === undefined && !isUnknown(inputs.users) && inputs.users) {
        const without = Object.keys(inputs.users).filter((k) => inputs.passwords?.[k] === undefined);
        if (without.length)
            failures.push({
                property: "initialPassword",
                reason:
                    `initialPassword is required: Flat needs a password to create ` +
                    `${without.slice(0, 3).join(", ")}${without.length > 3 ? ", …" : ""}; pass it with ` +
                    `config.requireSecret(...)`,
            });
    }
    return { inputs, failures: capped(failures) };
}

function checkProfiles(users: Record<string, UserProfile>): CheckFailure[] {
    const failures: CheckFailure[] = [];
    for (const [key, profile] of Object.entries(users)) {
        if (isUnknown(profile)) continue;
        if (!profile || typeof profile !== "object") {
            failures.push({ property: `users.${key}`, reason: `users.${key} must be a profile object` });
            continue;
        }
        const username = usernameOf(key, profile);
        for (const f of checkInputs({ ...profile, username }, profileRules).failures)
            failures.push({ property: `users.${key}.${f.property}`, reason: `users.${key}: ${f.reason}` });
        if (typeof username === "string" && username.toLowerCase() !== key)
            failures.push({
                property: `users.${key}`,
                reason:
                    `users.${key}: the key must be the lowercase username ` +
                    `(${JSON.stringify(username.toLowerCase())})`,
            });
    }
    return failures;
}

function checkPasswords(
    passwords: Record<string, string>,
    users: Record<string, UserProfile> | undefined,
): CheckFailure[] {
    const failures: CheckFailure[] = [];
    for (const [key, password] of Object.entries(passwords)) {
        if (!isUnknown(users) && users && !(key in users))
            failures.push({
                property: `passwords.${key}`,
                reason: `passwords names ${key}, which users does not list (keys are lowercase usernames)`,
            });
        for (const f of checkInputs({ password }, { password: PASSWORD }).failures)
            failures.push({ property: `passwords.${key}`, reason: `passwords.${key}: ${f.reason}` });
    }
    return failures;
}

function capped(failures: CheckFailure[]): CheckFailure[] {
    if (failures.length <= LISTED_FAILURES) return failures;
    return [
        ...failures.slice(0, LISTED_FAILURES),
        { property: "users", reason: `… and ${failures.length - LISTED_FAILURES} more invalid entries` },
    ];
}

/** What an update has to do: keys to create, keys with the body of their PUT, keys to remove. */
export interface Plan {
    readonly creates: string[];
    readonly updates: [string, UserAdminUpdate][];
    readonly removals: string[];
}

export function plan(olds: Record<string, UserState>, news: Record<string, UserProfile>): Plan {
    const creates: string[] = [];
    const updates: [string, UserAdminUpdate][] = [];
    for (const [key, declared] of Object.entries(news)) {
        const current = olds[key];
        if (!current) creates.push(key);
        else {
            const body = profileChanges(key, current, declared);
            if (Object.keys(body).length) updates.push([key, body]);
        }
    }
    const removals = Object.keys(olds).filter((key) => !(key in news));
    return { creates, updates, removals };
}

/**
 * The `UserAdminUpdate` that brings an account to the declared profile: only fields that differ,
 * never a password (the adoption rule every Flat resource shares). Fields the roster leaves out are
 * Flat's to keep; the username is the key and is compared without case, so it is never rewritten.
 */
export function profileChanges(key: string, current: Omit<UserState, "id">, declared: UserProfile): UserAdminUpdate {
    const username = usernameOf(key, current);
    return profileUpdate({ ...current, username }, { ...declared, username, role: roleOf(declared) });
}

async function diff(id: string, olds: OrganizationUsersOutputs, news: OrganizationUsersInputs): Promise<DiffResult> {
    const base = diffInputs(olds, news, changeKinds);
    if (isUnknown(news.users)) return { ...base, changes: true };
    const p = plan(olds.users, news.users);
    if (p.removals.length) warnRemovals(`flat.OrganizationUsers ${id}`, p.removals, news.onRemove);
    const changes = p.creates.length + p.updates.length + p.removals.length > 0;
    return { ...base, changes: base.changes || changes };
}

/** The preview's word on what a removal costs: diff runs in every `pulumi preview`. */
function warnRemovals(owner: string, keys: readonly string[], mode: OnRemove): void {
    const n = keys.length;
    const accounts = `${n.toLocaleString("en-US")} account${n === 1 ? "" : "s"}`;
    const list = `${keys.slice(0, 10).join(", ")}${n > 10 ? ", …" : ""}`;
    if (mode !== "retain") {
        const budget = removalBudgets.flatUsers;
        const limit = budgetLimit();
        if (limit !== undefined && n > limit)
            void pulumi.log.warn(
                `${owner}: ${accounts} to remove are more than ${budget.setting.key} allows per run (${limit}): ` +
                    `the update will be refused before any request unless the limit is raised in the same change ` +
                    `(\`pulumi config set ${budget.setting.key} ${Math.ceil(n / 10) * 10}\`)`,
            );
    }
    if (mode === "delete") void pulumi.log.warn(`${owner}: removes ${accounts} with their scores: ${list}`);
    else if (mode === "convertToIndividual")
        void pulumi.log.warn(
            `${owner}: takes ${accounts} out of the organization (converted to individual accounts): ${list}`,
        );
    else
        void pulumi.log.info(
            `${owner}: stops managing ${accounts}, which stay in the organization (onRemove: retain): ${list}`,
        );
}

/** The Flat removal budget's limit, or undefined when its setting is invalid (the update reports that). */
function budgetLimit(): number | undefined {
    try {
        return removalBudgets.flatUsers.limit();
    } catch {
        return undefined;
    }
}

async function create(inputs: OrganizationUsersInputs) {
    const id = `users-${randomBytes(8).toString("hex")}`;
    const client = flatClient();
    // A first run that was interrupted left accounts behind: one list finds them all before any POST.
    let existing: UserDetailsAdmin[] = [];
    try {
        if (inputs.adoptExisting) existing = await client.users.all();
    } catch (err) {
        throw new Error(`flat.OrganizationUsers: create: listing the existing accounts: ${(err as Error).message}`, {
            cause: err,
        });
    }
    const outs = await converge(id, client, {}, inputs, "create", existing);
    return { id, outs };
}

async function read(id: string, props: OrganizationUsersOutputs) {
    const listed = new Map((await flatClient().users.all()).map((u) => [u.id, u]));
    const users: Record<string, UserState> = {};
    // Accounts gone from Flat drop out of the outputs; the next `up` creates them again.
    for (const [key, state] of Object.entries(props.users ?? {})) {
        const user = listed.get(state.id);
        if (user) users[key] = toState(user, key);
    }
    claimUsernames(owner(id), Object.keys(users));
    // No inputs: the engine keeps the stored ones (with the initial password).
    return { id, props: { ...props, users } };
}

async function update(id: string, olds: OrganizationUsersOutputs, news: OrganizationUsersInputs) {
    return { outs: await converge(id, flatClient(), olds.users, news, "update", undefined) };
}

async function remove(id: string, props: OrganizationUsersOutputs) {
    await converge(id, flatClient(), props.users, { ...props, users: {} }, "delete", undefined);
}

/**
 * Brings the accounts from `current` to `news.users`. Creates, PUTs and removals run a few at a
 * time; a 4xx for one account is collected and the rest go on, any other failure stops new work.
 * When anything failed, the accounts done so far are recorded through `ResourceInitError`.
 */
async function converge(
    id: string,
    client: FlatClient,
    current: Readonly<Record<string, UserState>>,
    news: OrganizationUsersInputs,
    action: "create" | "update" | "delete",
    existing: UserDetailsAdmin[] | undefined,
): Promise<OrganizationUsersOutputs> {
    const label = `flat.OrganizationUsers ${id}`;
    const users: Record<string, UserState> = { ...current };
    const p = plan(current, news.users);
    // An account another resource of this run adopted is the new side of a move: not removed here.
    const moved = p.removals.filter((key) => claimedInThisRun(current[key].id));
    if (moved.length)
        void pulumi.log.warn(
            `${label}: not removing ${moved.join(", ")}: another resource of this run adopted ` +
                `${moved.length === 1 ? "it" : "them"}`,
        );
    const removing = news.onRemove === "retain" ? [] : p.removals.filter((key) => !moved.includes(key));
    // The whole set's removals fit the run's budget, or nothing is sent.
    if (removing.length)
        removalBudgets.flatUsers.take(
            removing.length,
            `${label}: ${action}: ${news.onRemove === "delete" ? "delete" : "convert to individual accounts"} ` +
                `${removing.length} account${removing.length === 1 ? "" : "s"} ` +
                `(${removing.slice(0, 5).join(", ")}${removing.length > 5 ? ", …" : ""})`,
        );
    for (const key of p.removals) delete users[key];
    // Accounts found by username (adoption); the list is fetched at most once per run.
    let byUsername: Promise<Map<string, UserDetailsAdmin>> | undefined = existing
        ? Promise.resolve(indexByUsername(existing))
        : undefined;
    const lookup = async (key: string) => {
        byUsername ??= client.users.fresh().then(indexByUsername);
        return (await byUsername).get(key);
    };
    const tasks: [string, () => Promise<void>][] = [
        ...p.creates.map((key): [string, () => Promise<void>] => [
            key,
            async () => {
                // On create, the list was read first; on update, a conflict answer is what sends us looking.
                const found = existing && news.adoptExisting ? await lookup(key) : undefined;
                users[key] = found
                    ? await adopt(client, found, key, news.users[key])
                    : await createAccount(client, key, news, lookup);
            },
        ]),
        ...p.updates.map(([key, body]): [string, () => Promise<void>] => [
            key,
            async () => {
                const user = await client.updateOrganizationUser(current[key].id, body);
                // Gone since the last refresh: made again, as declared.
                users[key] = user ? toState(user, key) : await createAccount(client, key, news, lookup);
            },
        ]),
        ...removing.map((key): [string, () => Promise<void>] => [
            key,
            async () => {
                // Already gone counts as removed.
                await client.removeOrganizationUser(current[key].id, {
                    convertToIndividual: news.onRemove === "convertToIndividual",
                });
            },
        ]),
    ];
    const failed = await runAll(label, tasks, (key, err) => {
        // A removal that failed keeps its account in the outputs (still managed, tried again next
        // run) and gives its share of the budget back.
        if (removing.includes(key) && current[key]) {
            users[key] = current[key];
            removalBudgets.flatUsers.giveBack(1);
        }
        return err;
    });
    const outs: Complete<OrganizationUsersOutputs> = {
        users,
        onRemove: news.onRemove,
        adoptExisting: news.adoptExisting,
        locale: news.locale,
    };
    releaseUsernames(owner(id), p.removals);
    claimUsernames(owner(id), Object.keys(users));
    if (failed.length) {
        const reasons = failed.slice(0, 10).map(([key, err]) => `${key}: ${err.message}`);
        const message =
            `${label}: ${action}: ${failed.length} of ${tasks.length} account changes failed (the next ` +
            `run retries them): ${reasons.join("; ")}${failed.length > 10 ? "; …" : ""}`;
        if (action === "delete") throw new Error(message, { cause: failed[0][1] });
        throw new ResourceInitError(message, id, outs);
    }
    return outs;
}

/**
 * Runs the tasks `WORKERS` at a time and returns the failures. A client error (4xx) concerns one
 * account, so the others go on; any other failure (credentials, outage, quota given up on) stops
 * starting new tasks. Logs progress every `PROGRESS_EVERY` tasks.
 */
async function runAll(
    label: string,
    tasks: readonly [string, () => Promise<void>][],
    onFailure: (key: string, err: Error) => Error,
): Promise<[string, Error][]> {
    const failed: [string, Error][] = [];
    let next = 0;
    let done = 0;
    let stopped = false;
    const worker = async () => {
        while (!stopped && next < tasks.length) {
            const [key, run] = tasks[next++];
            try {
                await run();
            } catch (err) {
                const error = err instanceof Error ? err : new Error(String(err));
                failed.push([key, onFailure(key, error)]);
                if (!(err instanceof ApiError && err.status >= 400 && err.status < 500)) stopped = true;
            }
            if (++done % PROGRESS_EVERY === 0)
                void pulumi.log.info(
                    `${label}: ${done.toLocaleString("en-US")} of ${tasks.length.toLocaleString("en-US")} account ` +
                        `changes done`,
                );
        }
    };
    await Promise.all(Array.from({ length: Math.min(WORKERS, tasks.length) }, worker));
    return failed;
}

/** POSTs one account with its initial password; an existing username is adopted when allowed. */
async function createAccount(
    client: FlatClient,
    key: string,
    news: OrganizationUsersInputs,
    lookup: (key: string) => Promise<UserDetailsAdmin | undefined>,
): Promise<UserState> {
    const declared = news.users[key];
    const username = usernameOf(key, declared);
    try {
        const user = await createOnce({
            create: () =>
                client.createOrganizationUser({
                    username,
                    password: news.passwords?.[key] ?? news.initialPassword!,
                    email: declared.email,
                    firstname: declared.firstname,
                    lastname: declared.lastname,
                    locale: news.locale,
                    role: roleOf(declared),
                }),
            find: async () => (await client.users.fresh()).find((u) => u.username.toLowerCase() === key),
        });
        claimAccount(user.id);
        return toState(user, key);
    } catch (err) {
        if (!(err instanceof ApiError && err.status === 400 && err.param === "username")) throw err;
        // Made since our list (an interrupted run, another tool): taken over, without a password.
        const existing = news.adoptExisting ? await lookup(key) : undefined;
        if (existing) return adopt(client, existing, key, declared);
        throw new Error(`${err.message}. To manage the existing account, leave adoptExisting at its default (true)`, {
            cause: err,
        });
    }
}

/**
 * Takes over an existing account: only differing profile fields are written (0 requests when equal), never a
 * password.
 */
async function adopt(
    client: FlatClient,
    user: UserDetailsAdmin,
    key: string,
    declared: UserProfile,
): Promise<UserState> {
    // Claimed first: a removal of this account later in the run is the old side of a move.
    claimAccount(user.id);
    const found = toState(user, key);
    const body = profileChanges(key, found, declared);
    if (Object.keys(body).length === 0) return found;
    const updated = await client.updateOrganizationUser(user.id, body);
    if (!updated) throw new Error(`the account ${user.username} disappeared while being adopted`);
    return toState(updated, key);
}

function indexByUsername(users: UserDetailsAdmin[]): Map<string, UserDetailsAdmin> {
    return new Map(users.map((u) => [u.username.toLowerCase(), u]));
}

/** The stored view of an account: only what is set, so the state stays small at 50,000 accounts. */
function toState(user: UserDetailsAdmin, key: string): UserState {
    const state: UserState = { id: user.id, role: user.organizationRole ?? "user" };
    if (user.username !== key) state.username = user.username;
    if (user.email) state.email = user.email;
    if (user.firstname) state.firstname = user.firstname;
    if (user.lastname) state.lastname = user.lastname;
    return state;
}

const owner = (id: string) => `flat.OrganizationUsers ${id}`;

export const handlers: Handlers<OrganizationUsersInputs, OrganizationUsersOutputs> = {
    check,
    diff,
    create,
    read,
    update,
    delete: remove,
};

export function isPlain<T>(value: pulumi.Input<T> | undefined): value is T {
    return value !== undefined && !pulumi.Output.isInstance(value) && !(value instanceof Promise);
}

/**
 * Entries or a map → the stored map keyed by lowercase username. A username listed twice (in any
 * case) is a program error: which of the two profiles was meant cannot be guessed.
 */
export function toUserMap(
    name: string,
    users: readonly RosterEntry[] | Record<string, UserProfile> | undefined,
): Record<string, UserProfile> {
    if (users === undefined || users === null) return users as unknown as Record<string, UserProfile>;
    const entries: [string, UserProfile][] = Array.isArray(users)
        ? (users as readonly RosterEntry[]).map((e) => [e.username, e])
        : Object.entries(users);
    const map: Record<string, UserProfile> = {};
    for (const [username, entry] of entries) {
        if (typeof username !== "string") continue;
        const key = username.toLowerCase();
        if (key in map)
            throw new Error(
                `flat.OrganizationUsers ${name}: users lists ${JSON.stringify(username)} twice (usernames are ` +
                    `case-insensitive)`,
            );
        // Ids of the SIS and other systems are not Flat's: left out of the stored map.
        const {
            sourcedId: _sis,
            userIds: _others,
            username: _key,
            ...declared
        } = entry as UserProfile & Pick<RosterEntry, "sourcedId" | "userIds">;
        // Unset fields are left out rather than stored as undefined.
        const profile = Object.fromEntries(Object.entries(declared).filter(([, v]) => v !== undefined));
        map[key] = username === key ? profile : { username, ...profile };
    }
    return map;
}
