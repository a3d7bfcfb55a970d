// Safe by default, as a program sees it under the mock engine that executes each `__provider`:
// adopting existing accounts writes nothing (and never a password); a truncated roster removes at
// most `flat:maxUserRemovals` accounts per run, the rest stay in state until the limit is raised;
// an explicit provider's `maxUserRemovals` limits its own organization; and a preview (check and
// diff only) warns about what will hurt while sending no request.
import * as pulumi from "@pulumi/pulumi";
import { flat } from "pulumi-edu-org";
import { Emulator, startEmulator } from "../../emulator";
import { MockEngine } from "../support/mockEngine";
import { secret } from "../support/secrets";

let em: Emulator;
beforeAll(async () => {
    em = await startEmulator({ edubase: false });
});
beforeEach(() => em.reset());
afterAll(() => em?.close());

const newEngine = (config: Record<string, unknown> = {}) =>
    new MockEngine({
        project: "safety",
        config: { "flat:accessToken": secret(em.flatToken), "flat:baseUrl": em.flatUrl, ...config },
    });

/** What the provider said in the last run (warnings and info lines). */
const said = (engine: MockEngine) => engine.lastRun.logs.map((l) => l.message);

/** Runs `up`, returning its errors instead of throwing. */
async function tryUp(engine: MockEngine, program: () => void): Promise<string[]> {
    try {
        await engine.up(program);
        return [];
    } catch {
        return engine.lastRun.errors.map((e) => e.message);
    }
}

const person = (i: number) => ({
    username: `s-${String(i).padStart(2, "0")}`,
    email: `s-${i}@school.example`,
    firstname: "Sam",
    lastname: `Number${i}`,
});

/** A roster of the first `n` people, each a `flat.OrganizationUser`. */
const roster =
    (n: number, extra: Partial<flat.OrganizationUserArgs> = {}, opts?: pulumi.CustomResourceOptions) =>
    () => {
        for (let i = 0; i < n; i++)
            new flat.OrganizationUser(
                person(i).username,
                { ...person(i), password: pulumi.secret("initial-pass-1"), onDelete: "delete", ...extra },
                opts,
            );
    };

test("adopting 20 accounts equal to the program costs one list request and no write; a later password change is sent, after a preview warning", async () => {
    em.flat.seedUsers(Array.from({ length: 20 }, (_, i) => ({ ...person(i), password: `their-own-${i}` })));
    const engine = newEngine();
    em.resetRecords();
    await engine.up(roster(20, { adoptExisting: true }));
    expect(engine.lastOps.map((o) => o.op)).toEqual(Array(20).fill("create"));
    expect(em.exchanges.map((e) => `${e.method} ${e.path}`)).toEqual(["GET /organizations/users"]);
    expect(em.flat.users().map((u) => u.password)).toEqual(Array.from({ length: 20 }, (_, i) => `their-own-${i}`));

    em.resetRecords();
    await engine.preview(roster(20, { adoptExisting: true }));
    expect(engine.lastOps.every((o) => o.op === "same")).toBe(true);
    expect(em.exchanges).toHaveLength(0);

    const rotated = roster(20, { adoptExisting: true, password: pulumi.secret("new-term-pass-2") });
    await engine.preview(rotated);
    expect(said(engine).filter((m) => m.includes("resets the password of"))).toHaveLength(20);
    expect(em.exchanges).toHaveLength(0);
    await engine.up(rotated);
    expect(em.exchanges.filter((e) => e.method === "PUT").map((e) => e.requestBody)).toEqual(
        Array(20).fill({ password: "new-term-pass-2" }),
    );
});

test("a truncated roster removes 10 accounts per run by default; the rest stay in state until the limit is raised in config", async () => {
    const engine = newEngine();
    await engine.up(roster(14));
    expect(em.flat.users()).toHaveLength(14);

    em.resetRecords();
    const errors = await tryUp(engine, roster(0));
    expect(errors).toHaveLength(4);
    for (const e of errors)
        expect(e).toMatch(
            /flat\.OrganizationUser s-\d\d: delete: refused before any request: this removal would pass the limit of 10 accounts removed per run \(flat:maxUserRemovals.*`pulumi config set flat:maxUserRemovals \d+`/,
        );
    expect(errors.at(-1)).toContain("`pulumi config set flat:maxUserRemovals 20`");
    expect(em.exchanges.filter((e) => e.method === "DELETE")).toHaveLength(10);
    expect(em.flat.users()).toHaveLength(4);
    expect([...engine.state.values()].filter((e) => e.type.endsWith(":OrganizationUser"))).toHaveLength(4);

    // The same stack with the limit raised (a config change, in the same pull request).
    const raised = newEngine({ "flat:maxUserRemovals": "20" });
    for (const [k, v] of engine.state) raised.state.set(k, v);
    expect(await tryUp(raised, roster(0))).toEqual([]);
    expect(em.flat.users()).toEqual([]);
    expect(raised.state.size).toBe(0);
});

test("an explicit flat.Provider's maxUserRemovals limits its organization; onDelete retain forgets without a request and is not counted", async () => {
    const engine = newEngine();
    const program = (people: number, retained: number) => () => {
        const district = new flat.Provider("district", {
            accessToken: pulumi.secret(em.flatToken),
            baseUrl: em.flatUrl,
            maxUserRemovals: 2,
        });
        roster(people, {}, { provider: district })();
        for (let i = 50; i < 50 + retained; i++)
            new flat.OrganizationUser(
                person(i).username,
                { ...person(i), password: pulumi.secret("initial-pass-1"), onDelete: "retain" },
                { provider: district },
            );
    };
    await engine.up(program(3, 5));
    em.resetRecords();
    const errors = await tryUp(engine, program(0, 0));
    expect(errors).toEqual([
        expect.stringMatching(
            /limit of 2 accounts removed per run .*or the maxUserRemovals input of an explicit flat\.Provider/,
        ),
    ]);
    expect(em.exchanges.filter((e) => e.method === "DELETE")).toHaveLength(2);
    // The five retained accounts were forgotten, not removed; one removal waits for the next run.
    expect(em.flat.users()).toHaveLength(6);
    expect([...engine.state.values()].filter((e) => e.type.endsWith(":OrganizationUser"))).toHaveLength(1);
});

test("a preview warns about a password reset, a rename, onDelete becoming delete, LTI replacements and a member's role change, with 0 requests", async () => {
    em.flat.seedUsers([{ username: "jchen", email: "j.chen@school.example", organizationRole: "teacher" }]);
    const program =
        (v: {
            password: string;
            username: string;
            onDelete: flat.OnDelete;
            ltiName: string;
            itRole: "admin" | "teacher";
        }) =>
        () => {
            new flat.OrganizationUser("mrivera", {
                username: v.username,
                password: pulumi.secret(v.password),
                role: "teacher",
                onDelete: v.onDelete,
            });
            new flat.LtiCredentials("canvas", { name: v.ltiName, lms: "canvas" });
            new flat.LtiConfiguration("moodle", { mode: "1p1-manual", name: v.ltiName, lms: "moodle" });
            new flat.OrganizationInvitation("head-of-music", { email: "j.chen@school.example", role: v.itRole });
        };
    const before = {
        password: "initial-pass-1",
        username: "mrivera",
        onDelete: "convertToIndividual" as const,
        ltiName: "LMS",
        itRole: "admin" as const,
    };
    const engine = newEngine();
    await engine.up(program(before));
    // Flat changed jchen's role instead of inviting: only `up` can know that for a new invitation.
    expect(said(engine)).toContainEqual(expect.stringMatching(/j\.chen@school\.example: this email already belongs/));

    em.resetRecords();
    await engine.preview(program(before));
    expect(said(engine).filter((m) => m.startsWith("warning"))).toEqual([]);

    await engine.preview(
        program({
            password: "reset-pass-2",
            username: "m.rivera",
            onDelete: "delete",
            ltiName: "LMS 2",
            itRole: "teacher",
        }),
    );
    expect(
        engine.lastOps
            .filter((o) => o.op !== "same")
            .map((o) => `${o.op}:${o.name}`)
            .sort(),
    ).toEqual(["replace:canvas", "replace:head-of-music", "replace:moodle", "update:mrivera"]);
    const warnings = said(engine).filter((m) => m.startsWith("warning"));
    const jchen = em.flat.users().find((u) => u.username === "jchen")!.id;
    expect(warnings).toHaveLength(6);
    expect(warnings.map((m) => m.replace(/^warning: \[runtime\] /, ""))).toEqual(
        expect.arrayContaining([
            "flat.OrganizationUser mrivera: resets the password of mrivera: they can no longer sign in with the old one",
            "flat.OrganizationUser mrivera: renames the account to m.rivera: the user signs in with the new username from then on",
            "flat.OrganizationUser mrivera: onDelete becomes delete: destroying this resource will delete the account with all its scores and class data",
            expect.stringMatching(
                /^flat\.LtiCredentials LMS \(consumer key \S+\): replacing it \(name changed\) issues a new consumer key and secret; the LMS stops working until it is updated with the new values$/,
            ),
            expect.stringMatching(
                /^flat\.LtiConfiguration \S+ \(1p1-manual\): replacing it \(name changed\) issues a new consumer key and secret; the LMS stops working/,
            ),
            `flat.OrganizationInvitation j.chen@school.example: this email belongs to organization member ${jchen}: the new invitation changes that member's role to teacher instead of inviting`,
        ]),
    );
    expect(em.exchanges).toHaveLength(0);
});
