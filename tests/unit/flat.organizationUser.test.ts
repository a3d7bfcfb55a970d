import { handlers, OrganizationUserOutputs } from "../../provider/flat/organizationUser";
import { UNKNOWN, PROVIDER_VERSION } from "../../provider/core/dynamic";
import * as pulumi from "@pulumi/pulumi";
import { setEngineConfig } from "../../provider/core/config";
import { forgetClaims } from "../../provider/flat/userProfile";
import { lostResponse, useEmulator } from "../support/emulator";
import { lifecycle } from "../support/handlers";

const h = useEmulator();
const { checked, diffed } = lifecycle(handlers);

const ada = (extra: Record<string, unknown> = {}) => ({
    username: "alovelace",
    password: "initial-pass-1",
    email: "ada@school.example",
    firstname: "Ada",
    lastname: "Lovelace",
    role: "teacher",
    ...extra,
});

async function created(news: Record<string, unknown> = ada()) {
    const inputs = await checked(news);
    const r = await handlers.create(inputs);
    return { inputs, id: r.id, outs: r.outs };
}

const userRequests = (method: string) => h.em.count({ api: "flat", method, path: /^\/organizations\/users/ });

describe("check", () => {
    it.each([
        ["username", { username: "" }, /username must be at least 1 characters/],
        ["username", { username: "x".repeat(31) }, /username must be at most 30/],
        ["password", { password: "short" }, /password must be at least 6/],
        ["email", { email: "not-an-email" }, /email must be an email address/],
        ["firstname", { firstname: "x".repeat(61) }, /firstname must be at most 60/],
        ["lastname", { lastname: "y".repeat(61) }, /lastname must be at most 60/],
        ["role", { role: "student" }, /role must be one of user, teacher, admin, accountAdmin; got "student"/],
        ["onDelete", { onDelete: "archive" }, /onDelete must be one of delete, convertToIndividual, retain/],
        ["adoptExisting", { adoptExisting: "yes" }, /adoptExisting must be a boolean/],
        ["username", { username: 42 }, /username must be a string/],
    ])("rejects a bad %s with a message naming it, before any request", async (property, bad, reason) => {
        const r = await handlers.check({}, ada(bad));
        expect(r.failures).toEqual([{ property, reason: expect.stringMatching(reason) }]);
        expect(h.em.exchanges).toHaveLength(0);
    });

    it("requires username and password and never echoes a password", async () => {
        const r = await handlers.check({}, { password: "abc" });
        expect(r.failures.map((f) => f.property).sort()).toEqual(["password", "username"]);
        expect(JSON.stringify(r.failures)).not.toContain("abc");
    });

    it("applies defaults and treats unknown values as not known yet", async () => {
        const r = await handlers.check({}, ada({ role: undefined, email: UNKNOWN }));
        expect(r.failures).toEqual([]);
        expect(r.inputs).toMatchObject({ role: "user", onDelete: "delete", adoptExisting: false, email: UNKNOWN });
    });
});

describe("diff", () => {
    it("reports no change for identical inputs and an in-place update for a role change", async () => {
        const { inputs, outs } = await created();
        const stored = { ...outs, providerVersion: PROVIDER_VERSION } as OrganizationUserOutputs;
        expect(await diffed(stored, inputs)).toEqual([false, [], false]);
        expect(await diffed(stored, { ...inputs, role: "admin" })).toEqual([true, [], false]);
        expect((await handlers.diff("id", stored, { ...inputs, password: "another-pass" })).changes).toBe(true);
    });

    it("never replaces a user for a locale change (it would destroy their scores)", async () => {
        const { inputs, outs } = await created(ada({ locale: "en" }));
        const d = await handlers.diff("id", { ...outs, providerVersion: PROVIDER_VERSION } as OrganizationUserOutputs, {
            ...inputs,
            locale: "fr",
        });
        expect(d).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
    });

    it("forces one update when the stored outputs come from another provider version", async () => {
        const { inputs, outs } = await created();
        expect(
            (await handlers.diff("id", { ...outs, providerVersion: "0" } as OrganizationUserOutputs, inputs)).changes,
        ).toBe(true);
    });
});

describe("create", () => {
    it("creates the user with the declared values and returns outputs without undefined or volatile fields", async () => {
        const { id, outs } = await created();
        const remote = h.em.flat.users().find((u) => u.id === id)!;
        expect(remote).toMatchObject({
            username: "alovelace",
            email: "ada@school.example",
            organizationRole: "teacher",
        });
        expect(outs).toMatchObject({
            username: "alovelace",
            role: "teacher",
            organization: remote.organization,
            adopted: false,
            groups: [],
        });
        expect(outs.printableName).toBe("Ada Lovelace");
        expect(JSON.stringify(outs)).not.toContain("lastActivityDate");
    });

    it("hands the engine outputs without undefined values (the Struct encoder rejects them)", async () => {
        const provider = require("../../provider/flat/organizationUser.provider");
        const r = await provider.create(await checked(ada({ email: undefined })));
        expect(Object.values(r.outs)).not.toContain(undefined);
        expect(r.outs).toMatchObject({ providerVersion: PROVIDER_VERSION });
    });

    it("fails on an existing username and says how to adopt it", async () => {
        await created();
        await expect(created(ada({ email: "other@school.example" }))).rejects.toThrow(
            /400 CLIENT_ERROR "username already used" \(param username\).*adoptExisting: true/,
        );
    });

    it("adopts an existing username by sending only the profile fields that differ, never the password", async () => {
        const first = await created(ada({ role: "user" }));
        h.em.resetRecords();
        const { id, outs } = await created(
            ada({ role: "admin", lastname: "King", password: "declared-pass-9", adoptExisting: true }),
        );
        expect(id).toBe(first.id);
        expect(outs).toMatchObject({ adopted: true, role: "admin", lastname: "King" });
        expect(h.em.flat.users()).toHaveLength(1);
        expect(userRequests("GET")).toBe(1);
        const puts = h.em.exchanges.filter((e) => e.method === "PUT");
        expect(puts.map((e) => e.requestBody)).toEqual([{ organizationRole: "admin", lastname: "King" }]);
        expect(h.em.flat.users()[0].password).toBe("initial-pass-1");
    });

    it("adopts 50 accounts equal to the declared ones with one list request and 0 writes", async () => {
        const seeded = h.em.flat.seedUsers(
            Array.from({ length: 50 }, (_, i) => ({
                username: `s-${i}`,
                email: `s-${i}@school.example`,
                firstname: "Sam",
                lastname: `Number${i}`,
                password: `their-own-pass-${i}`,
                organizationRole: "user" as const,
            })),
        );
        h.em.resetRecords();
        const adopted = await Promise.all(
            seeded.map(async (u) =>
                handlers.create(
                    await checked({
                        username: u.username,
                        email: u.email,
                        firstname: u.firstname,
                        lastname: u.lastname,
                        password: "shared-initial-pass",
                        adoptExisting: true,
                    }),
                ),
            ),
        );
        expect(adopted.map((r) => r.id)).toEqual(seeded.map((u) => u.id));
        expect(adopted.every((r) => r.outs.adopted)).toBe(true);
        expect(h.em.exchanges.map((e) => e.method)).toEqual(["GET"]);
        expect(h.em.flat.users().map((u) => u.password)).toEqual(seeded.map((_, i) => `their-own-pass-${i}`));
    });

    it("remembers the declared password on adoption and sends a later change of it", async () => {
        await created(ada({ password: "their-own-pass" }));
        const adopted = await created(ada({ password: "declared-pass-1", adoptExisting: true }));
        expect(h.em.flat.users()[0].password).toBe("their-own-pass");
        const stored = { ...adopted.outs, providerVersion: PROVIDER_VERSION } as OrganizationUserOutputs;
        expect((await handlers.diff(adopted.id, stored, adopted.inputs)).changes).toBe(false);
        h.em.resetRecords();
        await handlers.update(adopted.id, stored, { ...adopted.inputs, password: "declared-pass-2" });
        expect(h.em.exchanges.filter((e) => e.method === "PUT").map((e) => e.requestBody)).toEqual([
            { password: "declared-pass-2" },
        ]);
        expect(h.em.flat.users()[0].password).toBe("declared-pass-2");
    });

    it("after an adoption that failed half-way, the next update brings the profile but still no password", async () => {
        await created(ada({ role: "user", password: "their-own-pass" }));
        h.em.faults.add({ kind: "status", status: 500, api: "flat", method: "PUT", times: 10 });
        const inputs = await checked(ada({ role: "admin", password: "declared-pass-1", adoptExisting: true }));
        const err = await handlers.create(inputs).then(
            () => undefined,
            (e) => e,
        );
        expect(err).toMatchObject({ id: h.em.flat.users()[0].id });
        expect(err.properties).not.toHaveProperty("password");
        h.em.faults.clear();
        h.em.resetRecords();
        const recorded = { ...err.properties, providerVersion: PROVIDER_VERSION } as OrganizationUserOutputs;
        expect((await handlers.diff(err.id, recorded, inputs)).changes).toBe(true);
        const r = await handlers.update(err.id, recorded, inputs);
        expect(h.em.exchanges.filter((e) => e.method === "PUT").map((e) => e.requestBody)).toEqual([
            { organizationRole: "admin" },
        ]);
        expect(r.outs.password).toBe("declared-pass-1");
        expect(h.em.flat.users()[0].password).toBe("their-own-pass");
    });

    it("makes no duplicate when the create response is lost after the write committed", async () => {
        h.em.faults.add(lostResponse("POST", "/organizations/users"));
        const { id } = await created();
        expect(h.em.flat.users().filter((u) => u.username === "alovelace")).toHaveLength(1);
        expect(h.em.flat.users()[0].id).toBe(id);
    });

    it("creates once when the connection drops before the write", async () => {
        h.em.faults.add({ kind: "dropBefore", api: "flat", method: "POST", path: "/organizations/users", times: 1 });
        await created();
        expect(h.em.flat.users()).toHaveLength(1);
    });

    it("fails with a message naming the config key and the environment variable when no token is set", async () => {
        setEngineConfig(() => undefined);
        const saved = process.env.FLAT_ACCESS_TOKEN;
        delete process.env.FLAT_ACCESS_TOKEN;
        try {
            await expect(handlers.create(await checked(ada()))).rejects.toThrow(/flat:accessToken.*FLAT_ACCESS_TOKEN/);
        } finally {
            setEngineConfig((k) => h.config[k]);
            if (saved !== undefined) process.env.FLAT_ACCESS_TOKEN = saved;
        }
    });

    it("reports a 401 without showing the token", async () => {
        setEngineConfig((k) => (k === "flat:accessToken" ? "wrong-token-value-123" : h.config[k]));
        try {
            const err: Error = await handlers.create(await checked(ada())).then(
                () => {
                    throw new Error("expected failure");
                },
                (e) => e,
            );
            expect(err.message).toMatch(/^Flat API POST \/organizations\/users failed: 401/);
            expect(err.message).not.toContain("wrong-token-value-123");
            expect(err.message).not.toContain("initial-pass-1");
        } finally {
            setEngineConfig((k) => h.config[k]);
        }
    });
});

describe("read", () => {
    it("shows drift made outside Pulumi as both outputs and inputs", async () => {
        const { id, outs } = await created();
        h.em.flat.users().find((u) => u.id === id)!.organizationRole = "admin";
        const r = await handlers.read(id, outs);
        expect(r.props).toMatchObject({ role: "admin", password: "initial-pass-1" });
        expect(r.inputs).toMatchObject({ role: "admin", username: "alovelace", password: "initial-pass-1" });
        expect(r.inputs).not.toHaveProperty("printableName");
    });

    it("returns nothing when the user is gone", async () => {
        const { id, outs } = await created();
        h.em.flat.removeUser(id);
        expect(await handlers.read(id, outs)).toEqual({});
    });

    it("refreshes 1,000 users with a single list request", async () => {
        h.em.flat.seedUsers(1000);
        const users = h.em.flat.users();
        h.em.resetRecords();
        const results = await Promise.all(
            users.map((u) => handlers.read(u.id, { username: u.username } as OrganizationUserOutputs)),
        );
        expect(results.every((r) => r.id)).toBe(true);
        expect(userRequests("GET")).toBe(1);
    });

    it("retries a 503 and an idempotent read whose connection dropped", async () => {
        const { id, outs } = await created();
        h.em.faults.add({ kind: "status", status: 503, api: "flat", method: "GET", times: 1 });
        h.em.faults.add({ kind: "dropBefore", api: "flat", method: "GET", times: 1 });
        h.em.resetRecords();
        expect((await handlers.read(id, outs)).id).toBe(id);
    });

    it("waits for the rate-limit window to reset instead of failing", async () => {
        const { id, outs } = await created();
        h.em.flat.setRateLimit({ limit: 1, windowMs: 300 });
        await handlers.read(id, outs); // uses the quota
        const { listCache } = await import("../../provider/core/listCache");
        listCache.drop();
        h.em.resetRecords();
        expect((await handlers.read(id, outs)).id).toBe(id);
        // The last answer showed the quota used up, so the read waited for the reset (refused at most once).
        const statuses = h.em.exchanges.map((e) => e.status);
        expect(statuses.filter((s) => s === 403).length).toBeLessThanOrEqual(1);
        expect(statuses[statuses.length - 1]).toBe(200);
    });
});

describe("update", () => {
    it("sends only what changed through the PUT", async () => {
        const { id, inputs, outs } = await created();
        h.em.resetRecords();
        const r = await handlers.update(id, outs, { ...inputs, role: "admin" });
        expect(r.outs.role).toBe("admin");
        const puts = h.em.exchanges.filter((e) => e.method === "PUT");
        expect(puts).toHaveLength(1);
        expect(puts[0].requestBody).toEqual({ organizationRole: "admin" });
    });

    it("sends a new password as an update and keeps it out of the error text", async () => {
        const { id, inputs, outs } = await created();
        h.em.resetRecords();
        await handlers.update(id, outs, { ...inputs, password: "rotated-pass-2" });
        expect(h.em.exchanges.filter((e) => e.method === "PUT")[0].requestBody).toEqual({ password: "rotated-pass-2" });
    });

    it("makes no request when only onDelete changed", async () => {
        const { id, inputs, outs } = await created();
        h.em.resetRecords();
        const r = await handlers.update(id, outs, { ...inputs, onDelete: "convertToIndividual" });
        expect(r.outs.onDelete).toBe("convertToIndividual");
        expect(h.em.exchanges).toHaveLength(0);
    });
});

describe("delete", () => {
    it("deletes the account, and succeeds when it is already gone", async () => {
        const { id, outs } = await created();
        await handlers.delete(id, outs);
        expect(h.em.flat.users()).toHaveLength(0);
        await handlers.delete(id, outs);
    });

    it("converts to an individual account when onDelete says so", async () => {
        const { id, outs } = await created(ada({ onDelete: "convertToIndividual" }));
        h.em.resetRecords();
        await handlers.delete(id, outs);
        expect(h.em.exchanges[0].query).toMatchObject({ convertToIndividual: "true" });
        expect(h.em.flat.users()).toHaveLength(0);
    });

    it("forgets the account without any request when onDelete is retain, and says so", async () => {
        const { id, outs } = await created(ada({ onDelete: "retain" }));
        h.em.resetRecords();
        const info = jest.spyOn(pulumi.log, "info").mockResolvedValue();
        try {
            await handlers.delete(id, outs);
            expect(info.mock.calls.map(([m]) => m)).toEqual([
                "flat.OrganizationUser alovelace: forgotten, not removed (onDelete: retain): the account stays in the organization",
            ]);
        } finally {
            info.mockRestore();
        }
        expect(h.em.exchanges).toHaveLength(0);
        expect(h.em.flat.users()).toHaveLength(1);
    });

    it("does not remove an account that another resource of this run adopted (the old side of a move)", async () => {
        const old = await created();
        const moved = await created(ada({ adoptExisting: true }));
        expect(moved.id).toBe(old.id);
        h.em.resetRecords();
        await handlers.delete(old.id, old.outs);
        expect(h.em.exchanges).toHaveLength(0);
        expect(h.em.flat.users()).toHaveLength(1);
    });
});

describe("removal budget (flat:maxUserRemovals)", () => {
    async function users(n: number, extra: Record<string, unknown> = {}) {
        const seeded = h.em.flat.seedUsers(n);
        return Promise.all(
            seeded.map((u) =>
                created({ username: u.username, password: "initial-pass-1", adoptExisting: true, ...extra }),
            ),
        );
    }
    const removeAll = (list: { id: string; outs: OrganizationUserOutputs }[]) =>
        Promise.allSettled(list.map((u) => handlers.delete(u.id, u.outs)));

    it("removes 10 accounts per run by default, deletes and conversions alike, and refuses the rest before any request", async () => {
        const list = [...(await users(6)), ...(await users(6, { onDelete: "convertToIndividual" }))];
        // A new run: the adoptions above belong to the previous one.
        forgetClaims();
        h.em.resetRecords();
        const results = await removeAll(list);
        expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(10);
        const refused = results.flatMap((r) => (r.status === "rejected" ? [(r.reason as Error).message] : []));
        expect(refused).toHaveLength(2);
        expect(refused[0]).toMatch(
            /^flat\.OrganizationUser \S+: (delete|convert to an individual account): refused before any request: this removal would pass the limit of 10 accounts removed per run \(flat:maxUserRemovals; 0 left, 1 refused so far in this run\)\. The resource stays in state\. .*`pulumi config set flat:maxUserRemovals 20`.*maxUserRemovals input of an explicit flat\.Provider.*FLAT_MAX_USER_REMOVALS/,
        );
        expect(h.em.count({ api: "flat", method: "DELETE" })).toBe(10);
        expect(h.em.flat.users()).toHaveLength(2);
    });

    it("does not count retained accounts, and gives back a removal whose request failed", async () => {
        const retained = await users(12, { onDelete: "retain" });
        const list = await users(11);
        forgetClaims();
        await removeAll(retained);
        h.em.faults.add({ kind: "status", status: 400, api: "flat", method: "DELETE", times: 1 });
        const first = await removeAll(list.slice(0, 1));
        expect(first[0].status).toBe("rejected");
        const rest = await removeAll(list.slice(1));
        expect(rest.every((r) => r.status === "fulfilled")).toBe(true);
        expect(h.em.flat.users()).toHaveLength(13);
    });

    it("takes its limit from config (strings), the environment, or refuses a value that is not a whole number", async () => {
        const list = await users(3);
        forgetClaims();
        setEngineConfig((k) => (k === "flat:maxUserRemovals" ? "2" : h.config[k]));
        try {
            expect((await removeAll(list)).filter((r) => r.status === "rejected")).toHaveLength(1);
            setEngineConfig((k) => (k === "flat:maxUserRemovals" ? "ten" : h.config[k]));
            await expect(handlers.delete(list[0].id, list[0].outs)).rejects.toThrow(
                'flat:maxUserRemovals must be a whole number of 0 or more (removals allowed per run), got "ten"',
            );
        } finally {
            setEngineConfig((k) => h.config[k]);
        }
        process.env.FLAT_MAX_USER_REMOVALS = "0";
        try {
            await expect(handlers.delete(list[0].id, list[0].outs)).rejects.toThrow(/limit of 0 accounts/);
        } finally {
            delete process.env.FLAT_MAX_USER_REMOVALS;
        }
    });
});

describe("preview warnings (diff)", () => {
    const warnings = () => (jest.mocked(pulumi.log.warn).mock.calls as [string][]).map(([m]) => m);
    beforeEach(() => jest.spyOn(pulumi.log, "warn").mockResolvedValue());
    afterEach(() => jest.restoreAllMocks());

    it("warns about a password reset, a rename and onDelete becoming delete, offline", async () => {
        const { inputs, outs } = await created(ada({ onDelete: "retain" }));
        h.em.resetRecords();
        await handlers.diff("id", outs, {
            ...inputs,
            password: "another-pass",
            username: "aking",
            onDelete: "delete",
        });
        expect(warnings()).toEqual([
            "flat.OrganizationUser alovelace: resets the password of alovelace: they can no longer sign in with the old one",
            "flat.OrganizationUser alovelace: renames the account to aking: the user signs in with the new username from then on",
            "flat.OrganizationUser alovelace: onDelete becomes delete: destroying this resource will delete the account with all its scores and class data",
        ]);
        expect(h.em.exchanges).toHaveLength(0);
    });

    it("says nothing for a profile change, and a password not known yet may reset it", async () => {
        const { inputs, outs } = await created();
        await handlers.diff("id", outs, { ...inputs, role: "admin", firstname: "Augusta" });
        expect(warnings()).toEqual([]);
        await handlers.diff("id", outs, { ...inputs, password: UNKNOWN });
        expect(warnings()).toEqual([
            "flat.OrganizationUser alovelace: the password is not known yet; if it changes, the update resets the password of alovelace",
        ]);
    });
});
