import {
    handlers,
    OrganizationUsersInputs,
    OrganizationUsersOutputs,
    plan,
    toUserMap,
} from "../../provider/flat/organizationUsers";
import { ResourceInitError, UNKNOWN } from "../../provider/core/dynamic";
import nodeFetch from "node-fetch";
import { setHttpOptions } from "../../provider/core/http";
import { fastHttp, useEmulator } from "../support/emulator";
import { removalBudgets } from "../../provider/core/removalBudget";
import { forgetClaims } from "../../provider/flat/userProfile";

const h = useEmulator({ edubase: false });
const PASSWORD = "initial-pass-1";

const roster = (n: number, extra: (i: number) => Record<string, unknown> = () => ({})) =>
    Object.fromEntries(
        Array.from({ length: n }, (_, i) => {
            const username = `s${String(i).padStart(4, "0")}`;
            return [
                username,
                { email: `${username}@school.example`, firstname: "Stu", lastname: `Dent${i}`, ...extra(i) },
            ];
        }),
    );

async function checked(news: Record<string, unknown>): Promise<OrganizationUsersInputs> {
    const r = await handlers.check({}, { initialPassword: PASSWORD, ...news });
    expect(r.failures).toEqual([]);
    return r.inputs;
}

/** A later `pulumi up`: the provider process, its budgets and the accounts it adopted are new. */
function nextRun(): void {
    for (const budget of Object.values(removalBudgets)) budget.reset();
    forgetClaims();
}

const requests = (method?: string) =>
    h.em.exchanges.filter((e) => e.path.startsWith("/organizations/users") && (!method || e.method === method));

/** Warnings and infos the handlers log, as the engine would show them. */
function captureLogs(): { lines: string[]; restore(): void } {
    const lines: string[] = [];
    const spies = (["warn", "info", "log", "error"] as const).map((level) =>
        jest.spyOn(console, level).mockImplementation((...args: unknown[]) => void lines.push(args.join(" "))),
    );
    return { lines, restore: () => spies.forEach((s) => s.mockRestore()) };
}

describe("check", () => {
    it("applies defaults: delete on removal, adoption on", async () => {
        const inputs = await checked({ users: roster(2) });
        expect(inputs).toMatchObject({ onRemove: "delete", adoptExisting: true });
        expect(Object.keys(inputs.users)).toEqual(["s0000", "s0001"]);
    });

    it.each([
        [
            { users: { jdoe: { role: "student" } } },
            "users.jdoe.role",
            /role must be one of user, teacher, admin, accountAdmin; got "student"/,
        ],
        [{ users: { jdoe: { email: "nope" } } }, "users.jdoe.email", /email must be an email address/],
        [{ users: { ["x".repeat(31)]: {} } }, `users.${"x".repeat(31)}.username`, /at most 30/],
        [{ users: { JDoe: {} } }, "users.JDoe", /the key must be the lowercase username \("jdoe"\)/],
        [{ users: [{ username: "jdoe" }] }, "users", /users must be a map keyed by username/],
        [
            { users: { jdoe: {} }, onRemove: "archive" },
            "onRemove",
            /onRemove must be one of delete, convertToIndividual, retain/,
        ],
        [{ users: { jdoe: {} }, initialPassword: "short" }, "initialPassword", /at least 6/],
        [{ users: { jdoe: {} }, passwords: { other: "long-enough" } }, "passwords.other", /which users does not list/],
    ])("rejects %j naming the property, before any request", async (news, property, reason) => {
        const r = await handlers.check({}, { initialPassword: PASSWORD, ...news });
        expect(r.failures).toEqual([{ property, reason: expect.stringMatching(reason) }]);
        expect(h.em.exchanges).toHaveLength(0);
    });

    it("needs an initial password for every account without one in passwords, and never echoes one", async () => {
        const r = await handlers.check({}, { users: { jdoe: {}, ann: {} }, passwords: { ann: "abc" } });
        expect(r.failures.map((f) => f.property).sort()).toEqual(["initialPassword", "passwords.ann"]);
        expect(r.failures.find((f) => f.property === "initialPassword")?.reason).toMatch(/to create jdoe/);
        expect(JSON.stringify(r.failures)).not.toContain("abc");
        expect((await handlers.check({}, { users: { ann: {} }, passwords: { ann: "ann-pass-1" } })).failures).toEqual(
            [],
        );
    });

    it("lists at most 20 failures for a broken export", async () => {
        const r = await handlers.check({}, { initialPassword: PASSWORD, users: roster(50, () => ({ role: "pupil" })) });
        expect(r.failures).toHaveLength(21);
        expect(r.failures[20].reason).toBe("… and 30 more invalid entries");
    });

    it("treats an unknown roster as not known yet", async () => {
        const r = await handlers.check({}, { initialPassword: PASSWORD, users: UNKNOWN });
        expect(r.failures).toEqual([]);
    });
});

describe("toUserMap", () => {
    it("keys entries by lowercase username, keeps the declared case and drops sourcedId", () => {
        expect(
            toUserMap("students", [
                { username: "JDoe", email: "j@school.example", sourcedId: "s1" },
                { username: "ann", role: "teacher" },
            ]),
        ).toEqual({ jdoe: { username: "JDoe", email: "j@school.example" }, ann: { role: "teacher" } });
    });

    it("refuses a username listed twice in any case", () => {
        expect(() => toUserMap("students", [{ username: "JDoe" }, { username: "jdoe" }])).toThrow(
            'flat.OrganizationUsers students: users lists "jdoe" twice (usernames are case-insensitive)',
        );
    });
});

describe("lifecycle against the emulator", () => {
    it("creates every account with its initial password; a no-change diff needs nothing", async () => {
        const inputs = await checked({ users: roster(30), passwords: { s0001: "own-pass-1" } });
        const { id, outs } = await handlers.create(inputs);
        nextRun();
        expect(requests("POST")).toHaveLength(30);
        // One list first, to adopt what an interrupted run left behind.
        expect(requests("GET")).toHaveLength(1);
        expect(Object.keys(outs.users)).toHaveLength(30);
        expect(outs.users.s0002).toEqual({
            id: expect.any(String),
            email: "s0002@school.example",
            firstname: "Stu",
            lastname: "Dent2",
            role: "user",
        });
        const passwords = new Map(h.em.flat.users().map((u) => [u.username, u.password]));
        expect(passwords.get("s0000")).toBe(PASSWORD);
        expect(passwords.get("s0001")).toBe("own-pass-1");
        expect(JSON.stringify(outs)).not.toContain(PASSWORD);
        expect((await handlers.diff(id, withVersion(outs), inputs)).changes).toBe(false);
    });

    it("updates exactly what differs: one POST, one PUT per role change, one DELETE per removal", async () => {
        const inputs = await checked({ users: roster(20), onRemove: "convertToIndividual" });
        const { id, outs } = await handlers.create(inputs);
        nextRun();
        const users = roster(20, (i) => (i < 3 ? { role: "teacher" } : {}));
        delete users.s0019;
        users.newkid = { firstname: "New" } as (typeof users)[string];
        const news = await checked({ users, onRemove: "convertToIndividual" });
        h.em.resetRecords();
        const logs = captureLogs();
        try {
            expect((await handlers.diff(id, withVersion(outs), news)).changes).toBe(true);
        } finally {
            logs.restore();
        }
        expect(logs.lines).toEqual([
            expect.stringMatching(
                /takes 1 account out of the organization \(converted to individual accounts\): s0019/,
            ),
        ]);
        const r = await handlers.update(id, withVersion(outs), news);
        expect(
            requests()
                .map((e) => `${e.method} ${e.requestBody ? JSON.stringify(e.requestBody) : ""}`)
                .sort(),
        ).toEqual([
            `DELETE `,
            `POST {"username":"newkid","password":"${PASSWORD}","firstname":"New","role":"user"}`,
            `PUT {"organizationRole":"teacher"}`,
            `PUT {"organizationRole":"teacher"}`,
            `PUT {"organizationRole":"teacher"}`,
        ]);
        expect(requests("DELETE")[0].query).toMatchObject({ convertToIndividual: "true" });
        expect(Object.keys(r.outs.users).sort()).toEqual(Object.keys(news.users).sort());
        expect(r.outs.users.s0000.role).toBe("teacher");
        expect((await handlers.diff(id, withVersion(r.outs), news)).changes).toBe(false);
    });

    it("warns in the preview how many accounts a removal deletes with their scores", async () => {
        const inputs = await checked({ users: roster(15) });
        const { id, outs } = await handlers.create(inputs);
        nextRun();
        h.em.resetRecords();
        const logs = captureLogs();
        try {
            await handlers.diff(id, withVersion(outs), await checked({ users: roster(2) }));
        } finally {
            logs.restore();
        }
        expect(logs.lines).toEqual(
            expect.arrayContaining([
                expect.stringMatching(/: removes 13 accounts with their scores: s0002, s0003, .*, s0011, …$/),
            ]),
        );
        expect(h.em.exchanges).toHaveLength(0);
    });

    it("removals past flat:maxUserRemovals are refused whole, before any request, and the preview says so", async () => {
        const inputs = await checked({ users: roster(15) });
        const { id, outs } = await handlers.create(inputs);
        nextRun();
        const news = await checked({ users: { ...roster(3), newkid: {} } });
        h.em.resetRecords();
        const logs = captureLogs();
        try {
            await handlers.diff(id, withVersion(outs), news);
        } finally {
            logs.restore();
        }
        expect(logs.lines).toEqual(
            expect.arrayContaining([
                expect.stringMatching(
                    /12 accounts to remove are more than flat:maxUserRemovals allows per run \(10\): .*pulumi config set flat:maxUserRemovals 20/,
                ),
            ]),
        );
        const err = await handlers.update(id, withVersion(outs), news).catch((e) => e);
        expect(err.message).toMatch(
            /^flat\.OrganizationUsers users-[0-9a-f]+: update: delete 12 accounts \(s0003, .*\): refused before any request: .*flat:maxUserRemovals/,
        );
        expect(h.em.exchanges).toHaveLength(0);
        expect(h.em.flat.users()).toHaveLength(15);
        // Raised in the same change: the update goes through.
        h.config["flat:maxUserRemovals"] = "20";
        try {
            const r = await handlers.update(id, withVersion(outs), news);
            expect(Object.keys(r.outs.users).sort()).toEqual(["newkid", "s0000", "s0001", "s0002"]);
        } finally {
            delete h.config["flat:maxUserRemovals"];
        }
        expect(
            requests()
                .map((e) => e.method)
                .filter((m) => m === "DELETE"),
        ).toHaveLength(12);
    });

    it("does not remove an account another resource of this run adopted (the old side of a move)", async () => {
        const inputs = await checked({ users: roster(3) });
        const { id, outs } = await handlers.create(inputs);
        nextRun();
        const { claimAccount } = await import("../../provider/flat/userProfile");
        // Another resource of this run adopted s0002.
        claimAccount(outs.users.s0002.id);
        h.em.resetRecords();
        const r = await handlers.update(id, withVersion(outs), await checked({ users: roster(2) }));
        expect(h.em.exchanges).toHaveLength(0);
        expect(Object.keys(r.outs.users)).toEqual(["s0000", "s0001"]);
        expect(h.em.flat.users()).toHaveLength(3);
    });

    it("retain forgets removed accounts without a request", async () => {
        const inputs = await checked({ users: roster(5), onRemove: "retain" });
        const { id, outs } = await handlers.create(inputs);
        nextRun();
        h.em.resetRecords();
        const r = await handlers.update(id, withVersion(outs), await checked({ users: roster(2), onRemove: "retain" }));
        expect(h.em.exchanges).toHaveLength(0);
        expect(Object.keys(r.outs.users)).toEqual(["s0000", "s0001"]);
        expect(h.em.flat.users()).toHaveLength(5);
        await handlers.delete(id, r.outs);
        expect(h.em.flat.users()).toHaveLength(5);
    });

    it("refresh reads the whole set with one list per 1,000 accounts and shows drift", async () => {
        const inputs = await checked({ users: roster(1200) });
        // Seeded, so the create adopts them all without a write.
        h.em.flat.seedUsers(
            Object.entries(inputs.users).map(([username, p]) => ({
                username,
                ...p,
                organizationRole: "user" as const,
            })),
        );
        const { id, outs } = await handlers.create(inputs);
        nextRun();
        expect(requests("GET")).toHaveLength(2);
        expect(h.em.exchanges).toHaveLength(2);
        const victim = h.em.flat.users().find((u) => u.username === "s0005")!;
        h.em.flat.removeUser(victim.id);
        const promoted = h.em.flat.users().find((u) => u.username === "s0006")!;
        promoted.organizationRole = "teacher";
        h.em.resetRecords();
        const { listCache } = await import("../../provider/core/listCache");
        listCache.drop();
        const r = await handlers.read(id, withVersion(outs));
        expect(requests("GET")).toHaveLength(2);
        expect(h.em.exchanges).toHaveLength(2);
        const props = r.props!;
        expect(props.users.s0005).toBeUndefined();
        expect(props.users.s0006.role).toBe("teacher");
        expect(r.inputs).toBeUndefined();
        // The next update puts both back: one POST, one PUT.
        h.em.resetRecords();
        await handlers.update(id, props, inputs);
        expect(
            requests()
                .map((e) => e.method)
                .sort(),
        ).toEqual(["POST", "PUT"]);
    });

    it("adopts existing usernames (any case) writing only differing fields, never a password", async () => {
        h.em.flat.seedUsers([
            {
                username: "S0000",
                email: "s0000@school.example",
                firstname: "Stu",
                lastname: "Dent0",
                password: "theirs-1",
            },
            {
                username: "s0001",
                email: "old@school.example",
                firstname: "Stu",
                lastname: "Dent1",
                password: "theirs-2",
            },
        ]);
        h.em.resetRecords();
        const { outs } = await handlers.create(await checked({ users: roster(3) }));
        expect(requests("PUT").map((e) => e.requestBody)).toEqual([{ email: "s0001@school.example" }]);
        expect(requests("POST")).toHaveLength(1);
        expect(outs.users.s0000.username).toBe("S0000");
        const passwords = h.em.flat.users().map((u) => [u.username, u.password]);
        expect(passwords).toEqual(
            expect.arrayContaining([
                ["S0000", "theirs-1"],
                ["s0001", "theirs-2"],
            ]),
        );
    });

    it("without adoption, an existing username fails naming the way out", async () => {
        h.em.flat.seedUsers([{ username: "s0000" }]);
        const err = await handlers.create(await checked({ users: roster(2), adoptExisting: false })).catch((e) => e);
        expect(err).toBeInstanceOf(ResourceInitError);
        expect(err.message).toMatch(
            /1 of 2 account changes failed .*s0000: .*username already used.*leave adoptExisting at its default/,
        );
        expect(Object.keys((err as ResourceInitError).properties.users as object)).toEqual(["s0001"]);
    });

    it("an outage stops new work; what was done is recorded and the next update completes it once", async () => {
        const inputs = await checked({ users: roster(40) });
        // From the 11th POST on, Flat is down.
        let posts = 0;
        const fetchImpl = ((url: string, init?: { method?: string }) => {
            if (init?.method === "POST" && ++posts === 11)
                h.em.faults.add({
                    kind: "status",
                    status: 503,
                    api: "flat",
                    method: "POST",
                    path: "/organizations/users",
                });
            return nodeFetch(url, init);
        }) as unknown as typeof nodeFetch;
        setHttpOptions({ ...fastHttp, retries: 0, fetchImpl });
        let err: ResourceInitError;
        try {
            err = await handlers.create(inputs).then(
                () => Promise.reject(new Error("expected a partial failure")),
                (e) => e,
            );
        } finally {
            setHttpOptions(fastHttp);
            h.em.faults.clear();
        }
        expect(err).toBeInstanceOf(ResourceInitError);
        expect(err.message).toMatch(
            /^flat\.OrganizationUsers users-[0-9a-f]+: create: \d+ of 40 account changes failed/,
        );
        const partial = err.properties as unknown as OrganizationUsersOutputs;
        // Exactly the accounts Flat made are recorded (POSTs sent before the outage may land after it began).
        const done = Object.keys(partial.users).sort();
        expect(done.length).toBeLessThanOrEqual(10);
        expect(
            h.em.flat
                .users()
                .map((u) => u.username)
                .sort(),
        ).toEqual(done);
        h.em.resetRecords();
        const r = await handlers.update(err.id, partial, inputs);
        expect(Object.keys(r.outs.users)).toHaveLength(40);
        expect(requests("POST")).toHaveLength(40 - done.length);
        expect(requests("PUT")).toHaveLength(0);
        expect(h.em.flat.users()).toHaveLength(40);
    });

    it("a failed first list is an error naming the step, before any write", async () => {
        h.em.faults.add({ kind: "status", status: 401, api: "flat", method: "GET", path: "/organizations/users" });
        const err = await handlers.create(await checked({ users: roster(3) })).catch((e) => e);
        expect(err.message).toMatch(/^flat\.OrganizationUsers: create: listing the existing accounts: Flat API GET/);
        expect(err.cause).toBeDefined();
        expect(requests("POST")).toHaveLength(0);
    });

    it("destroy removes every account as onRemove says", async () => {
        const inputs = await checked({ users: roster(10) });
        const { id, outs } = await handlers.create(inputs);
        nextRun();
        h.em.resetRecords();
        await handlers.delete(id, outs);
        expect(requests("DELETE")).toHaveLength(10);
        expect(h.em.flat.users()).toEqual([]);
    });
});

describe("one account, one resource", () => {
    it("warns when a flat.OrganizationUser and a flat.OrganizationUsers manage the same username", async () => {
        const single = await import("../../provider/flat/organizationUser");
        const one = await single.handlers.check({}, { username: "S0001", password: PASSWORD });
        await single.handlers.create(one.inputs);
        const logs = captureLogs();
        try {
            await handlers.create(await checked({ users: roster(3) }));
        } finally {
            logs.restore();
        }
        expect(logs.lines).toEqual([
            expect.stringMatching(
                /flat\.OrganizationUsers users-[0-9a-f]+ manages 1 username \(s0001\) that flat\.OrganizationUser S0001 also manages\. One account must be managed by one resource only/,
            ),
        ]);
    });
});

describe("plan", () => {
    it("compares only declared fields and the role", () => {
        const olds = { a: { id: "1", email: "a@x.example", firstname: "A", role: "user" as const } };
        expect(plan(olds, { a: {} })).toEqual({ creates: [], updates: [], removals: [] });
        expect(plan(olds, { a: { role: "teacher" }, b: {} })).toEqual({
            creates: ["b"],
            updates: [["a", { organizationRole: "teacher" }]],
            removals: [],
        });
        expect(plan(olds, {})).toEqual({ creates: [], updates: [], removals: ["a"] });
    });
});

function withVersion(outs: OrganizationUsersOutputs): OrganizationUsersOutputs {
    return { ...outs, providerVersion: "1" } as OrganizationUsersOutputs;
}
