// Each `__provider` is one require() line with no code and no credential, measured the way users get
// the package: `npm pack`, the tarball installed into a fresh program directory, and a separate Node process there that configures every provider module
// with real credentials, serializes it exactly as pulumi.dynamic.Resource does, then reloads one text
// the way the provider host does and creates a user with it.
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { Emulator, startEmulator } from "../../emulator";
import { installPackage, ProgramDir } from "../support/installPackage";

const dist = path.resolve(__dirname, "../../dist/provider");
/** Every provider module the package ships, e.g. `flat/organizationUser.provider.js`. */
const modules = ["flat", "edubase"].flatMap((api) =>
    fs
        .readdirSync(path.join(dist, api))
        .filter((f) => f.endsWith(".provider.js"))
        .map((f) => `${api}/${f}`),
);

const script = `
const pulumi = require("@pulumi/pulumi");
const Module = require("node:module");
const path = require("node:path");
const config = JSON.parse(process.env.EDU_ORG_CONFIG);
const settings = { config: { get: (k) => config[k] } };
(async () => {
    const texts = {};
    for (const m of JSON.parse(process.env.EDU_ORG_MODULES)) {
        const provider = require("pulumi-edu-org/dist/provider/" + m);
        // Configured first: whatever credentials module state now holds must not reach the text.
        await provider.configure(settings);
        const sf = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
        texts[m] = { text: sf.text, containsSecrets: sf.containsSecrets };
    }
    // Reload as the host does (require-from-string resolves from the program directory).
    const file = path.join(process.cwd(), "__provider__.js");
    const loaded = new Module(file);
    loaded.filename = file;
    loaded.paths = Module._nodeModulePaths(process.cwd());
    loaded._compile(texts["flat/organizationUser.provider.js"].text, file);
    const provider = loaded.exports.handler();
    await provider.configure(settings);
    const checked = await provider.check({}, { username: "serialized", password: "serialized-pass" });
    const created = await provider.create(checked.inputs);
    console.log(JSON.stringify({ texts, created: created.id }));
})().catch((e) => { console.error(e && e.stack || e); process.exit(1); });
`;

let em: Emulator;
let program: ProgramDir;
let result: { texts: Record<string, { text: string; containsSecrets: boolean }>; created: string };

beforeAll(async () => {
    em = await startEmulator();
    program = installPackage("serialization");
    program.writeFile("serialize.js", script);
    const config = {
        "flat:accessToken": em.flatToken,
        "flat:baseUrl": em.flatUrl,
        "edubase:app": em.edubase!.credentials.app,
        "edubase:secret": em.edubase!.credentials.secret,
        "edubase:apiUrl": em.edubaseUrl,
    };
    // Asynchronous: the child talks to the emulator served by this process's event loop.
    const env: NodeJS.ProcessEnv = {
        ...process.env,
        EDU_ORG_CONFIG: JSON.stringify(config),
        EDU_ORG_MODULES: JSON.stringify(modules),
    };
    delete env.PULUMI_CONFIG;
    const stdout = await new Promise<string>((resolve, reject) =>
        execFile(process.execPath, ["serialize.js"], { cwd: program.dir, env, timeout: 60_000 }, (err, out, errText) =>
            err ? reject(new Error(`serialization program failed: ${errText}`)) : resolve(out),
        ),
    );
    result = JSON.parse(stdout.trim().split("\n").pop()!);
}, 120_000);
afterAll(() => em?.close());

test("the package ships a provider module for each resource", () => {
    expect(modules).toEqual(
        expect.arrayContaining([
            "flat/organizationUser.provider.js",
            "flat/organizationInvitation.provider.js",
            "flat/ltiCredentials.provider.js",
        ]),
    );
});

test.each(modules)("%s serializes to one require of the installed package, at most 1 KB, with no secret", (m) => {
    const { text, containsSecrets } = result.texts[m];
    expect(containsSecrets).toBe(false);
    expect(text.length).toBeLessThanOrEqual(1024);
    expect(text.match(/require\([^)]*\)/g)).toEqual([`require("pulumi-edu-org/dist/provider/${m}")`]);
    for (const secret of [em.flatToken, em.edubase!.credentials.secret]) expect(text).not.toContain(secret);
});

test("a provider reloaded from its text creates a user", () => {
    expect(em.flat.users().find((u) => u.id === result.created)).toMatchObject({ username: "serialized" });
});
