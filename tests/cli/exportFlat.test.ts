// `edu-org export flat` in process against the emulator: the files it writes, no secret in them,
// refusing to overwrite, an organization without accounts, an API failure leaving nothing behind,
// and the progress bar drawn only on a terminal.
import * as fs from "node:fs";
import * as path from "node:path";
import { Writable } from "node:stream";
import { progressBar } from "../../cli/export/progress";
import { FlatClient } from "../../provider/flat/client";
import { useEmulator } from "../support/emulator";
import { useExportCli } from "../support/exportCli";

const h = useEmulator({ edubase: false });
const cli = useExportCli(() => ({ FLAT_ACCESS_TOKEN: h.em.flatToken, FLAT_BASE_URL: h.em.flatUrl }));
const exportCli = cli.run;
const { stdout, stderr } = cli;

/** Invitations and LTI objects made through the API, as an admin would have made them. */
async function seedOrganization(users: number): Promise<{ secrets: string[] }> {
    h.em.flat.seedUsers(users);
    const client = new FlatClient({ accessToken: h.em.flatToken, baseUrl: h.em.flatUrl });
    const invitations = await Promise.all(
        ["a.teacher@school.example", "b.admin@school.example"].map((email, i) =>
            client.createOrganizationInvitation({ email, organizationRole: i ? "admin" : "teacher" }),
        ),
    );
    const credentials = await client.createLtiCredentials({ name: "Canvas, production", lms: "canvas" });
    await client.createLtiConfiguration({
        mode: "1p3-manual",
        platformName: "Canvas",
        platformIss: "https://canvas.instructure.com",
        clientId: "10000000000123",
        accessTokenUrl: "https://sso.canvaslms.com/login/oauth2/token",
        authorizationUrl: "https://sso.canvaslms.com/api/lti/authorize_redirect",
        jwksUrl: "https://sso.canvaslms.com/api/lti/security/jwks",
    });
    h.em.resetRecords();
    return {
        secrets: [
            h.em.flatToken,
            credentials.consumerSecret!,
            ...invitations.flatMap((i) => [i.customCode!, i.htmlUrl!]),
        ],
    };
}

const read = (dir: string, file: string) => fs.readFileSync(path.join(dir, file), "utf8");

test("writes the organization as a program: project files, the accounts CSV and every adopted resource, no secret", async () => {
    const { secrets } = await seedOrganization(25);
    const out = path.join(cli.work, "school-infra");
    expect(await exportCli("flat", "--out", out)).toBe(0);
    expect(fs.readdirSync(out).sort()).toEqual([
        ".gitignore",
        "Pulumi.yaml",
        "README.md",
        "flat-users.csv",
        "index.ts",
        "package.json",
        "tsconfig.json",
    ]);
    const csv = read(out, "flat-users.csv").trim().split("\n");
    expect(csv[0]).toBe("username,email,firstname,lastname,role");
    expect(csv).toHaveLength(26);
    expect(csv[1]).toBe("student00001,student00001@emulated-school.example.org,Student,00001,user");

    // Declarations compared on one line: the generator breaks long ones.
    const index = read(out, "index.ts")
        .replace(/,\s*([}\]])/g, " $1")
        .replace(/\s+/g, " ");
    expect(index).toContain('new flat.OrganizationUsers("flat-users", {');
    expect(index).toContain(
        'new flat.OrganizationInvitation("invitation-a.teacher@school.example", { email: "a.teacher@school.example", role: "teacher", adoptExisting: true });',
    );
    const key = h.em.flat.ltiCredentials()[0].consumerKey;
    expect(index).toContain(
        `new flat.LtiCredentials("lti-credentials-canvas-production", { name: "Canvas, production", lms: "canvas", adoptConsumerKey: "${key}" });`,
    );
    // The LTI 1.1 credentials are listed as a 1p1 configuration too: declared once.
    expect(index.match(/new flat\.LtiConfiguration\(/g)).toHaveLength(1);
    expect(index).toContain(`adoptId: "${h.em.flat.ltiConfigurations().find((c) => c.ltiVersion === "1p3")!.id}"`);

    const manifest = JSON.parse(read(out, "package.json"));
    expect(manifest).toMatchObject({
        name: "school-infra",
        dependencies: { "pulumi-edu-org": "^0.1.0", "@pulumi/pulumi": expect.any(String) },
    });
    expect(read(out, "Pulumi.yaml")).toMatch(/^name: school-infra\n/);
    expect(read(out, "README.md")).toContain("pulumi config set --secret initialPassword");
    expect(read(out, "README.md")).toContain(`pulumi config set flat:baseUrl ${h.em.flatUrl}`);

    const written = fs.readdirSync(out).map((f) => read(out, f));
    for (const secret of secrets)
        for (const text of [...written, ...stdout, ...stderr]) expect(text).not.toContain(secret);
    expect(stdout.join("")).toContain(
        "Exported 25 accounts, 2 pending invitations, 1 LTI 1.1 credential pair, 1 LTI configuration into",
    );
    // Reads only: the account list is one page, then the three other lists.
    expect(h.em.exchanges.filter((e) => e.method !== "GET")).toEqual([]);
});

test("refuses a directory that is not empty unless --force, which keeps the files it does not write", async () => {
    await seedOrganization(3);
    fs.writeFileSync(path.join(cli.work, "Pulumi.dev.yaml"), "config: {}\n");
    expect(await exportCli("flat", "--out", cli.work)).toBe(1);
    expect(stderr.join("")).toMatch(
        /--out .* is not empty \(Pulumi\.dev\.yaml\); choose an empty or new directory, or pass --force/,
    );
    expect(h.em.exchanges).toEqual([]);
    expect(fs.readdirSync(cli.work)).toEqual(["Pulumi.dev.yaml"]);

    process.exitCode = undefined;
    expect(await exportCli("flat", "--out", cli.work, "--force", "--quiet")).toBe(0);
    expect(fs.readdirSync(cli.work)).toEqual(expect.arrayContaining(["Pulumi.dev.yaml", "index.ts", "flat-users.csv"]));
    expect(stdout).toEqual([]);
});

test("an organization without accounts says so and writes nothing", async () => {
    const out = path.join(cli.work, "empty");
    expect(await exportCli("flat", "--out", out)).toBe(1);
    expect(stderr.join("")).toMatch(/has no accounts besides the token's own: nothing to export, no file written/);
    expect(fs.readdirSync(cli.work)).toEqual([]);
});

test("an API failure stops with the API's error and leaves no directory behind", async () => {
    await seedOrganization(3);
    h.em.faults.add({
        kind: "status",
        api: "flat",
        path: "/organizations/lti/credentials",
        status: 401,
        body: { code: "UNAUTHORIZED", message: "Invalid access token" },
    });
    const out = path.join(cli.work, "school-infra");
    expect(await exportCli("flat", "--out", out)).toBe(1);
    expect(stderr.join("")).toContain("Invalid access token");
    expect(fs.readdirSync(cli.work)).toEqual([]);
});

test("a missing token is named before any request", async () => {
    delete process.env.FLAT_ACCESS_TOKEN;
    expect(await exportCli("flat", "--out", path.join(cli.work, "x"), "--token-env", "SCHOOL_FLAT_TOKEN")).toBe(1);
    expect(stderr.join("")).toMatch(/no Flat access token .*: set the environment variable SCHOOL_FLAT_TOKEN/);
    expect(h.em.exchanges).toEqual([]);
});

describe("progress bar", () => {
    function stream(isTTY: boolean): { stream: NodeJS.WriteStream; text: () => string } {
        const chunks: string[] = [];
        const w = new Writable({ write: (chunk, _enc, done) => (chunks.push(String(chunk)), done()) });
        Object.assign(w, { isTTY, columns: 100, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
        return { stream: w as unknown as NodeJS.WriteStream, text: () => chunks.join("") };
    }

    function drive(p: ReturnType<typeof progressBar>) {
        p.start("Flat accounts", 2000);
        p.advance(1000);
        p.advance(1000);
        p.stop();
    }

    test("is drawn on a terminal", () => {
        const tty = stream(true);
        drive(progressBar({ quiet: false, stream: tty.stream }));
        expect(tty.text()).toContain("2000/2000");
    });

    test("stays silent with --quiet and off a terminal", () => {
        const quiet = stream(true);
        drive(progressBar({ quiet: true, stream: quiet.stream }));
        const pipe = stream(false);
        drive(progressBar({ quiet: false, stream: pipe.stream }));
        expect(quiet.text() + pipe.text()).toBe("");
    });
});
