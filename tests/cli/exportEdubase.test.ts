// `edu-org export edubase` in process against the emulator: one CSV per organization with a
// department or a permission pair per member, the application's own account left out, no secret in
// the files, and an organization the application cannot read stopping the export with nothing written.
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "csv-parse/sync";
import { EdubaseClient } from "../../provider/edubase/client";
import { useEmulator } from "../support/emulator";
import { useExportCli } from "../support/exportCli";

const h = useEmulator();
const cli = useExportCli(() => ({
    EDUBASE_API_APP: h.em.edubase!.credentials.app,
    EDUBASE_API_SECRET: h.em.edubase!.credentials.secret,
    EDUBASE_API_URL: h.em.edubaseUrl,
}));
const exportCli = cli.run;
const { stdout, stderr } = cli;

/** Two organizations with a department each and members by department and by permission pair, written through the API. */
async function seed(): Promise<void> {
    const api = h.em.edubase!;
    for (const [org, name] of [
        ["ORG_MATH", "Mathematics"],
        ["ORG_PHYSICS", "Physics"],
    ]) {
        api.seedOrganization({ organization: org, name });
        api.seedDepartment(org, "Heads", { permissionOrganization: "supervisor", permissionContent: "control" });
    }
    for (const user of ["u-ada", "u-bob", "u-cy", "u-dee"]) api.seedUser({ user, name: `Name of ${user}` });
    const client = new EdubaseClient({ ...api.credentials, apiUrl: h.em.edubaseUrl });
    await client.addOrganizationMembers("ORG_MATH", ["u-ada"], { department: "Heads" });
    await client.addOrganizationMembers("ORG_MATH", ["u-bob", "u-cy"], {
        permissionOrganization: "teacher",
        permissionContent: "view",
    });
    await client.addOrganizationMembers("ORG_MATH", [(await client.me()).user], {
        permissionOrganization: "admin",
        permissionContent: "admin",
    });
    await client.addOrganizationMembers("ORG_PHYSICS", ["u-dee"], {
        permissionOrganization: "member",
        permissionContent: "none",
    });
    h.em.resetRecords();
}

const read = (dir: string, file: string) => fs.readFileSync(path.join(dir, file), "utf8");

test("writes one CSV per organization and a program that declares a set per department and permission pair", async () => {
    await seed();
    const out = path.join(cli.work, "edubase-infra");
    expect(
        await exportCli("edubase", "--organization", "ORG_MATH", "--organization", "ORG_PHYSICS", "--out", out),
    ).toBe(0);
    expect(fs.readdirSync(out).sort()).toEqual([
        ".gitignore",
        "Pulumi.yaml",
        "README.md",
        "edubase-ORG_MATH.csv",
        "edubase-ORG_PHYSICS.csv",
        "index.ts",
        "package.json",
        "tsconfig.json",
    ]);
    expect(parse(read(out, "edubase-ORG_MATH.csv"), { columns: true })).toEqual([
        {
            user: "u-ada",
            name: "Name of u-ada",
            department: "Heads",
            permissionOrganization: "",
            permissionContent: "",
        },
        {
            user: "u-bob",
            name: "Name of u-bob",
            department: "",
            permissionOrganization: "teacher",
            permissionContent: "view",
        },
        {
            user: "u-cy",
            name: "Name of u-cy",
            department: "",
            permissionOrganization: "teacher",
            permissionContent: "view",
        },
    ]);
    expect(read(out, "index.ts")).toContain('ORG_MATH: "edubase-ORG_MATH.csv"');
    expect(read(out, "README.md")).toMatch(/application's own account \(.+\) in 1 organization/);
    expect(stdout.join("")).toContain("Exported 4 memberships, 2 organizations into");
    const texts = [...fs.readdirSync(out).map((f) => read(out, f)), ...stdout, ...stderr];
    for (const text of texts) expect(text).not.toContain(h.em.edubase!.credentials.secret);
    expect(h.em.exchanges.filter((e) => e.method !== "GET")).toEqual([]);
});

test("an organization the application cannot read stops the export, naming it, with nothing written", async () => {
    await seed();
    const out = path.join(cli.work, "edubase-infra");
    expect(await exportCli("edubase", "--organization", "ORG_MATH", "--organization", "ORG_GONE", "--out", out)).toBe(
        1,
    );
    expect(stderr.join("")).toMatch(/EduBase organization ORG_GONE: not found, or this application may not manage it/);
    expect(fs.readdirSync(cli.work)).toEqual([]);
});

test("without --organization, every organization the application manages", async () => {
    await seed();
    expect(await exportCli("edubase", "--out", path.join(cli.work, "all"), "--quiet")).toBe(0);
    expect(
        fs
            .readdirSync(path.join(cli.work, "all"))
            .filter((f) => f.endsWith(".csv"))
            .sort(),
    ).toEqual(["edubase-ORG_MATH.csv", "edubase-ORG_PHYSICS.csv"]);
});
