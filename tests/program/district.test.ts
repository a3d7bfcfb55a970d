// examples/district under the mock engine, which executes each serialized `__provider` against the
// emulator: the first up creates every account from the OneRoster export → a second up and a preview
// cost 0 requests → the yearly rollover (next year's export) is previewed with its removals named,
// refused past the removal budget, then applied with exactly the difference → destroy. And a first up
// that fails part way, or whose provider dies before reporting, is completed by the next.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { Emulator, startEmulator } from "../../emulator";
import { flat, roster } from "pulumi-edu-org";
import { outerGlobal } from "../support/loadProvider";
import { MockEngine, settle } from "../support/mockEngine";
import { findLeaks, secret } from "../support/secrets";
import program = require("../../examples/district");
import { exportRows, writeExport } from "../../examples/district/sisExport";
import { DISTRICT_ORGANIZATION, seedDistrict } from "../support/examples";

const EXPORT = path.join(__dirname, "../../examples/district/sis-export");
/** The environment of the emulated provider process (the Jest sandbox has a copy of its own). */
const providerEnv = outerGlobal().process.env;
/** The export the program reads (its `sisExport` config): the committed one, then next year's in its place. */
let sisExport: string;
const STUDENT_PASSWORD = "student-first-Pass";
const STAFF_PASSWORD = "staff-first-Pass";
let em: Emulator;
let tmp: string;

beforeAll(async () => {
    em = await startEmulator();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "district-"));
    sisExport = path.join(tmp, "sis-export");
});
afterEach(() => {
    delete providerEnv.FLAT_MAX_USER_REMOVALS;
});
afterAll(async () => {
    fs.rmSync(tmp, { recursive: true, force: true });
    await em?.close();
});

function newEngine(): MockEngine {
    em.reset();
    fs.rmSync(sisExport, { recursive: true, force: true });
    fs.cpSync(EXPORT, sisExport, { recursive: true });
    return new MockEngine({
        project: "district",
        config: seedDistrict(em, sisExport, { student: STUDENT_PASSWORD, staff: STAFF_PASSWORD }),
    });
}

const staff = () => roster.readOneRoster(EXPORT, { roles: ["teacher", "administrator"] });
const flatWrites = (since = 0) => em.exchanges.slice(since).filter((e) => e.api === "flat" && e.method !== "GET");
const byMethod = (exchanges: { method: string }[]) =>
    exchanges.reduce<Record<string, number>>((n, e) => ({ ...n, [e.method]: (n[e.method] ?? 0) + 1 }), {});

test("the committed export is the generator's 2026 export", () => {
    const dir = path.join(tmp, "2026");
    writeExport(dir, 2026);
    for (const file of fs.readdirSync(EXPORT))
        expect(fs.readFileSync(path.join(EXPORT, file), "utf8")).toBe(fs.readFileSync(path.join(dir, file), "utf8"));
});

test("first up, no-change up and preview, the yearly rollover as a reviewed change, destroy", async () => {
    const engine = newEngine();
    const outputs = await engine.up(program);
    expect(engine.lastRun.errors).toEqual([]);
    expect((await settle(outputs.students)).value).toBe(280);
    expect((await settle(outputs.staff)).value).toBe(22);
    // Read from state: under mocks an array output crosses from the provider's realm as an
    // array-like object, so `users.apply((u) => u.length)` cannot be checked here.
    expect(engine.findCreatedResource("edubase:OrganizationMembers", "teachers-edubase").props.users).toHaveLength(20);
    expect(em.flat.users()).toHaveLength(302);
    expect(byMethod(flatWrites())).toEqual({ POST: 302 });
    const teacher = staff().find((e) => e.role === "teacher")!;
    expect(em.flat.users().find((u) => u.username === teacher.username)).toMatchObject({
        organizationRole: "teacher",
        password: STAFF_PASSWORD,
    });
    expect(em.edubase!.membership(DISTRICT_ORGANIZATION, teacher.userIds!.EduBase)?.permission).toEqual({
        organization: "teacher",
        content: "modify",
    });
    // A district of 302 accounts is three resources, not 302.
    expect(engine.state.size).toBe(3);

    em.resetRecords();
    await engine.up(program);
    expect(engine.lastOps.every((o) => o.op === "same")).toBe(true);
    await engine.preview(program);
    expect(em.exchanges).toEqual([]);

    // The rollover pull request: next year's export in place of this year's.
    fs.rmSync(sisExport, { recursive: true });
    writeExport(sisExport, 2027);
    await engine.preview(program);
    const warnings = engine.lastRun.logs.filter((l) => l.level === "warn").map((l) => l.message);
    expect(warnings).toEqual(
        expect.arrayContaining([
            expect.stringMatching(/takes 70 accounts out of the organization \(converted to individual accounts\): /),
            expect.stringMatching(/takes 1 account out of the organization .*: [a-z]+\.t1$/),
        ]),
    );
    expect(em.exchanges).toEqual([]);

    // The graduates are more than the default budget of 10 removals per run: their set's update is
    // refused before any request; the staff set's one removal fits and goes through.
    const graduates = exportRows(2026).filter((r) => r.grades === "12" && r.enabled);
    await expect(engine.up(program)).rejects.toThrow(/flat:maxUserRemovals/);
    expect(byMethod(flatWrites())).toEqual({ POST: 1, DELETE: 1 });
    expect(em.flat.users().filter((u) => graduates.some((g) => g.username === u.username))).toHaveLength(70);

    // Raised in the same pull request (FLAT_MAX_USER_REMOVALS in the run's environment, as CI would set it; or `pulumi config set flat:maxUserRemovals 80`).
    providerEnv.FLAT_MAX_USER_REMOVALS = "80";
    em.resetRecords();
    await engine.up(program);
    expect(engine.lastRun.errors).toEqual([]);
    expect(byMethod(flatWrites())).toEqual({ POST: 70, DELETE: 70 });
    expect(
        flatWrites()
            .filter((e) => e.method === "DELETE")
            .every((e) => e.query.convertToIndividual === "true"),
    ).toBe(true);
    const graduate = em.flat.accounts().find((a) => a.username === graduates[0].username)!;
    expect(graduate.organization).toBeUndefined();
    expect(em.flat.users()).toHaveLength(302);
    expect(em.edubase!.membership(DISTRICT_ORGANIZATION, "EB_T001")).toBeUndefined();
    expect(em.edubase!.membership(DISTRICT_ORGANIZATION, "EB_T021")).toBeDefined();

    providerEnv.FLAT_MAX_USER_REMOVALS = "400";
    await engine.destroy();
    expect(engine.state.size).toBe(0);
    expect(em.flat.users()).toEqual([]);
    expect(findLeaks(engine.stateText() + engine.capturedText(), [STUDENT_PASSWORD, STAFF_PASSWORD])).toEqual([]);
});

test("a first up that fails part way is completed by the next: nothing duplicated, no password sent twice", async () => {
    const engine = newEngine();
    await failingFirstUp(engine, 100);
    const made = em.flat.users().length;
    expect(made).toBeGreaterThanOrEqual(100);
    expect(made).toBeLessThan(302);
    // What the engine recorded is exactly what Flat made.
    const recorded = ["students", "staff"].flatMap((name) => {
        const e = [...engine.state.values()].find((s) => s.name === name);
        return e ? Object.keys(engine.findCreatedResource("flat:OrganizationUsers", name).props.users) : [];
    });
    expect(recorded.sort()).toEqual(
        em.flat
            .users()
            .map((u) => u.username)
            .sort(),
    );

    await engine.up(program);
    expect(engine.lastRun.errors).toEqual([]);
    expect(em.flat.users()).toHaveLength(302);
    assertEachAccountPostedOnce();
});

test("a first up whose provider died before reporting is completed by adopting what it made", async () => {
    const engine = newEngine();
    await failingFirstUp(engine, 150);
    // A killed provider reports nothing: the engine has no record of the sets it was creating.
    for (const [key, e] of engine.state) if (e.type.endsWith("flat:OrganizationUsers")) engine.state.delete(key);
    const made = em.flat.users().length;
    const before = em.exchanges.length;
    await engine.up(program);
    expect(engine.lastRun.errors).toEqual([]);
    expect(em.flat.users()).toHaveLength(302);
    // One list per set finds the accounts made before; only the others are created, and nobody's password is sent again.
    expect(byMethod(flatWrites(before))).toEqual({ POST: 302 - made });
    assertEachAccountPostedOnce();
});

/** A first up during which Flat goes down once `accounts` exist: it fails with part of the accounts made. */
async function failingFirstUp(engine: MockEngine, accounts: number): Promise<void> {
    const watch = setInterval(() => {
        if (em.flat.users().length >= accounts)
            em.faults.add({ kind: "status", status: 503, api: "flat", method: "POST", path: "/organizations/users" });
    }, 2);
    try {
        await expect(engine.up(program)).rejects.toThrow(/account changes failed/);
    } finally {
        clearInterval(watch);
        em.faults.clear();
    }
}

/** Over the exchanges since `newEngine`: each account was made by one POST, and no other request carried a password. */
function assertEachAccountPostedOnce(): void {
    const userWrites = em.exchanges.filter((e) => e.api === "flat" && e.path.startsWith("/organizations/users"));
    const made = userWrites.filter((e) => e.method === "POST" && e.status < 300);
    const usernames = made.map((e) => (e.requestBody as { username: string }).username);
    expect(new Set(usernames).size).toBe(usernames.length);
    expect(usernames.sort()).toEqual(
        em.flat
            .users()
            .map((u) => u.username)
            .sort(),
    );
    expect(userWrites.filter((e) => e.method === "PUT" && JSON.stringify(e.requestBody).includes("password"))).toEqual(
        [],
    );
}

test("with an explicit flat.Provider, the accounts go to that provider's organization", async () => {
    em.reset();
    const other = em.flat.addOrganization();
    const engine = new MockEngine({
        project: "district",
        config: { token: secret(other.adminToken), url: em.flatUrl, password: secret(STUDENT_PASSWORD) },
    });
    const program = (users: string[]) => () => {
        const cfg = new pulumi.Config();
        const provider = new flat.Provider("other-district", {
            accessToken: cfg.requireSecret("token"),
            baseUrl: cfg.require("url"),
        });
        new flat.OrganizationUsers(
            "students",
            { users: users.map((username) => ({ username })), initialPassword: cfg.requireSecret("password") },
            { provider },
        );
    };
    await engine.up(program(["ann", "bob", "cem"]));
    expect(em.flat.users(other.id).map((u) => u.username)).toEqual(["ann", "bob", "cem"]);
    expect(em.flat.users(em.flat.organizations()[0].id)).toEqual([]);
    em.resetRecords();
    await engine.refresh();
    expect(em.exchanges.map((e) => e.requestHeaders.authorization)).toEqual([`Bearer ${other.adminToken}`]);
    await engine.up(program(["ann", "bob"]));
    expect(em.flat.users(other.id).map((u) => u.username)).toEqual(["ann", "bob"]);
    await engine.destroy();
    expect(em.flat.users(other.id)).toEqual([]);
});
