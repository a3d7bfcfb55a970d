// `edu-org export`, end to end as a school runs it: the package packed and installed, its `edu-org`
// bin run against the emulator holding an existing organization (3,000 accounts, 4 pending
// invitations, 2 LTI 1.1 credential pairs, one LTI 1.3 configuration; EduBase memberships in 3
// organizations); the program it writes gets the package installed as users install it, type-checks
// with the package's types, and runs under the mock engine: the first up sends no write, a preview
// after it shows only `same`, and one role edited in the CSV is exactly one PUT.
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { Emulator, startEmulator } from "../../emulator";
import { EdubaseClient } from "../../provider/edubase/client";
import { FlatClient } from "../../provider/flat/client";
import { edubaseStackConfig, flatStackConfig } from "../support/examples";
import { installPackage, ProgramDir } from "../support/installPackage";
import { MockEngine } from "../support/mockEngine";
import { secret } from "../support/secrets";
import { TMP } from "../../scripts/pack";

let em: Emulator;
let cli: ProgramDir;
/** Every secret the organization holds: none may reach a generated file or the command's output. */
const secrets: string[] = [];

const initialPassword = "first-day-password-7";
const writes = () => em.exchanges.filter((e) => e.method !== "GET");
const requestsByEndpoint = () => {
    const counts: Record<string, number> = {};
    for (const e of em.exchanges) counts[`${e.method} ${e.path}`] = (counts[`${e.method} ${e.path}`] ?? 0) + 1;
    return counts;
};

/** Runs the installed `edu-org` bin asynchronously (the emulator answers from this process). */
function edu(args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number; stdout: string; stderr: string }> {
    const manifest = JSON.parse(fs.readFileSync(path.join(cli.packageDir, "package.json"), "utf8"));
    const bin = path.join(cli.packageDir, manifest.bin["edu-org"]);
    return new Promise((resolve) =>
        execFile(
            process.execPath,
            [bin, ...args],
            { cwd: cli.dir, env: { ...process.env, ...env } },
            (err, stdout, stderr) => resolve({ status: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
        ),
    );
}

/** The tree of `dir` as text, for the secret scan. */
function texts(dir: string): string[] {
    return fs
        .readdirSync(dir, { withFileTypes: true })
        .filter((d) => d.isFile())
        .map((d) => fs.readFileSync(path.join(dir, d.name), "utf8"));
}

/** Exports into tests/.tmp/<name>, then installs the package there as `npm install` would. */
async function exportProgram(name: string, args: string[], env: NodeJS.ProcessEnv): Promise<ProgramDir> {
    const out = path.join(TMP, name);
    fs.rmSync(out, { recursive: true, force: true });
    const run = await edu([...args, "--out", out], env);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    for (const text of [...texts(out), run.stdout]) for (const s of secrets) expect(text).not.toContain(s);
    return installPackage(name, { keep: true, link: ["@types/node"] });
}

function typecheck(dir: string): Promise<string> {
    const tsc = require.resolve("typescript/bin/tsc");
    return new Promise((resolve) =>
        execFile(
            process.execPath,
            [tsc, "-p", path.join(dir, "tsconfig.json"), "--noEmit"],
            { cwd: dir },
            (_e, out, err) => resolve(out + err),
        ),
    );
}

beforeAll(async () => {
    em = await startEmulator();
    cli = installPackage("export-cli");

    em.flat.seedUsers(3000);
    const flat = new FlatClient({ accessToken: em.flatToken, baseUrl: em.flatUrl });
    for (const [email, role] of [
        ["it@school.example", "admin"],
        ["new.teacher@school.example", "teacher"],
        ["music@school.example", "teacher"],
        ["district@school.example", "accountAdmin"],
    ] as const) {
        const i = await flat.createOrganizationInvitation({ email, organizationRole: role });
        secrets.push(i.customCode!, i.htmlUrl!);
    }
    for (const [name, lms] of [
        ["Canvas production", "canvas"],
        ["Moodle", "moodle"],
    ] as const) {
        secrets.push((await flat.createLtiCredentials({ name, lms })).consumerSecret!);
    }
    await flat.createLtiConfiguration({
        mode: "1p3-manual",
        platformName: "Canvas",
        platformIss: "https://canvas.instructure.com",
        clientId: "10000000000123",
        deploymentId: "42:8865aa05b4b79b64a91a86042e43af5ea8ae79eb",
        accessTokenUrl: "https://sso.canvaslms.com/login/oauth2/token",
        authorizationUrl: "https://sso.canvaslms.com/api/lti/authorize_redirect",
        jwksUrl: "https://sso.canvaslms.com/api/lti/security/jwks",
    });

    const api = em.edubase!;
    const edubase = new EdubaseClient({ ...api.credentials, apiUrl: em.edubaseUrl });
    for (const org of ["ORG_MATH", "ORG_PHYSICS", "ORG_STAFF"]) {
        api.seedOrganization({ organization: org, name: org });
        api.seedDepartment(org, "Heads", { permissionOrganization: "supervisor", permissionContent: "control" });
    }
    const users = Array.from({ length: 40 }, (_, i) => `U${String(i).padStart(3, "0")}`);
    for (const user of users) api.seedUser({ user, name: `Teacher ${user}` });
    await edubase.addOrganizationMembers("ORG_MATH", users.slice(0, 2), { department: "Heads" });
    await edubase.addOrganizationMembers("ORG_MATH", users.slice(2, 20), {
        permissionOrganization: "teacher",
        permissionContent: "modify",
    });
    await edubase.addOrganizationMembers("ORG_PHYSICS", users.slice(15, 30), {
        permissionOrganization: "teacher",
        permissionContent: "view",
    });
    await edubase.addOrganizationMembers("ORG_STAFF", users, {
        permissionOrganization: "member",
        permissionContent: "none",
    });
    secrets.push(em.flatToken, api.credentials.secret);
    em.resetRecords();
}, 120_000);
afterAll(() => em?.close());

test("export flat: the first up adopts 3,000 accounts, invitations and LTI without a write; one edited role is one PUT", async () => {
    const program = await exportProgram("export-flat", ["export", "flat"], {
        FLAT_ACCESS_TOKEN: em.flatToken,
        FLAT_BASE_URL: em.flatUrl,
    });
    const exportRequests = requestsByEndpoint();
    expect(writes()).toEqual([]);
    expect(await typecheck(program.dir)).toBe("");

    const engine = new MockEngine({
        project: "export-flat",
        config: { ...flatStackConfig(em), initialPassword: secret(initialPassword) },
    });
    const run = require(path.join(program.dir, "index.ts"));
    em.resetRecords();
    await engine.up(run);
    expect(engine.lastRun.errors).toEqual([]);
    expect(engine.lastOps.map((o) => o.op).sort()).toEqual(Array(8).fill("create"));
    const firstUp = requestsByEndpoint();
    expect(writes()).toEqual([]);

    em.resetRecords();
    await engine.preview(run);
    expect(engine.lastRun.errors).toEqual([]);
    expect(new Set(engine.lastOps.map((o) => o.op))).toEqual(new Set(["same"]));
    expect(em.exchanges).toEqual([]);

    const csvFile = path.join(program.dir, "flat-users.csv");
    const csv = fs.readFileSync(csvFile, "utf8");
    const row = "student01234,student01234@emulated-school.example.org,Student,01234,user";
    expect(csv).toContain(row);
    fs.writeFileSync(csvFile, csv.replace(row, row.replace(/,user$/, ",teacher")));
    em.resetRecords();
    await engine.up(run);
    expect(engine.lastRun.errors).toEqual([]);
    const id = em.flat.users().find((u) => u.username === "student01234")!.id;
    expect(writes().map((e) => [e.method, e.path, e.requestBody])).toEqual([
        ["PUT", `/organizations/users/${id}`, { organizationRole: "teacher" }],
    ]);
    // Adoption never sends a password.
    for (const m of [...engine.messages, ...em.exchanges.map((e) => JSON.stringify(e.requestBody ?? ""))])
        expect(m).not.toContain(initialPassword);
    console.log(`export flat requests: export ${JSON.stringify(exportRequests)}; first up ${JSON.stringify(firstUp)}`);
    for (const m of engine.messages) for (const s of secrets) expect(m).not.toContain(s);
}, 240_000);

test("export edubase: the first up adopts the memberships of 3 organizations without a write", async () => {
    const api = em.edubase!;
    em.resetRecords();
    const program = await exportProgram(
        "export-edubase",
        [
            "export",
            "edubase",
            "--organization",
            "ORG_MATH",
            "--organization",
            "ORG_PHYSICS",
            "--organization",
            "ORG_STAFF",
        ],
        {
            EDUBASE_API_APP: api.credentials.app,
            EDUBASE_API_SECRET: api.credentials.secret,
            EDUBASE_API_URL: em.edubaseUrl,
        },
    );
    expect(writes()).toEqual([]);
    expect(await typecheck(program.dir)).toBe("");

    const engine = new MockEngine({
        project: "export-edubase",
        config: edubaseStackConfig(em),
    });
    const run = require(path.join(program.dir, "index.ts"));
    em.resetRecords();
    await engine.up(run);
    expect(engine.lastRun.errors).toEqual([]);
    expect(engine.lastOps.map((o) => `${o.op}:${o.name}`).sort()).toEqual([
        "create:ORG_MATH/department/Heads",
        "create:ORG_MATH/teacher+modify",
        "create:ORG_PHYSICS/teacher+view",
        "create:ORG_STAFF/member+none",
    ]);
    const firstUp = requestsByEndpoint();
    expect(writes()).toEqual([]);

    em.resetRecords();
    await engine.preview(run);
    expect(new Set(engine.lastOps.map((o) => o.op))).toEqual(new Set(["same"]));
    expect(em.exchanges).toEqual([]);
    console.log(`export edubase requests: first up ${JSON.stringify(firstUp)}`);
}, 240_000);
