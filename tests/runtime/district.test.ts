// examples/district run as `pulumi up` runs it, without the CLI (see school.test.ts): the program
// reads its OneRoster export (sis-export/ beside it) and declares three sets. Up, a no-change
// preview with 0 requests, the yearly rollover (next year's export in place: previewed with its
// removals warned about and 0 requests, then applied with the removal budget raised in
// Pulumi.dev.yaml, a string as stack config always is), refresh, destroy. Its stack outputs are
// counts, not secrets; secret config stays secret in state (the provider's inputs, the initial
// passwords), and no secret is in plaintext in any stored state, the program's output or the logs.
import * as fs from "node:fs";
import * as path from "node:path";
import { Emulator, startEmulator } from "../../emulator";
import { exportRows, writeExport } from "../../examples/district/sisExport";
import { changes, EngineDouble, plainOutputs } from "../support/engineDouble";
import { runtimeExample } from "../support/engineDouble/exampleDir";
import { DISTRICT, seedDistrict, writesByMethod } from "../support/examples";
import { findLeaks, isSecret } from "../support/secrets";

// A hang, not a slow machine, should fail these: several runs of up to minutes each on a loaded runner.
jest.setTimeout(1_800_000);

let em: Emulator;
let engine: EngineDouble;

beforeAll(async () => {
    em = await startEmulator();
    engine = runtimeExample("district", seedDistrict(em));
});
afterAll(() => em?.close());

test("up, no-change preview with 0 requests, the OneRoster rollover, refresh, destroy", async () => {
    const up = await engine.up();
    expect(changes(up.ops)).toEqual([
        "create:default",
        "create:district-dev",
        "create:staff",
        "create:students",
        "create:teachers-edubase",
    ]);
    expect(em.flat.users()).toHaveLength(302);
    expect(writesByMethod(em.exchanges, "flat")).toEqual({ POST: 302 });
    const outputs = plainOutputs(up.outputs);
    expect(outputs.values).toEqual({ students: 280, staff: 22, edubaseTeachers: 20 });
    expect(outputs.secret).toEqual([]);
    // Secret config stays secret in the default provider's inputs; the initial password is a secret
    // input and, being write-only, no output at all.
    const stored = engine.resources();
    const provider = stored.find((r) => r.urn.endsWith("::default"))!;
    expect(isSecret(provider.inputs["flat:accessToken"]) && isSecret(provider.inputs["edubase:secret"])).toBe(true);
    const students = stored.find((r) => r.urn.endsWith("::students"))!;
    expect(isSecret(students.inputs.initialPassword)).toBe(true);
    expect(students.outputs.initialPassword).toBeUndefined();

    em.resetRecords();
    const preview = await engine.preview();
    expect(changes(preview.ops)).toEqual([]);
    expect(em.exchanges).toEqual([]);

    // The rollover pull request: next year's export replaces this year's. Its preview names the
    // removals and warns that they exceed the default budget, without a request.
    const exportDir = path.join(engine.dir, "sis-export");
    fs.rmSync(exportDir, { recursive: true });
    writeExport(exportDir, 2027);
    const rollover = await engine.preview();
    expect(changes(rollover.ops)).toEqual(["update:staff", "update:students", "update:teachers-edubase"]);
    const warnings = rollover.logs.filter((l) => l.severity === "WARNING").map((l) => l.message);
    expect(warnings).toEqual(
        expect.arrayContaining([
            expect.stringMatching(/70 accounts to remove are more than flat:maxUserRemovals allows per run \(10\)/),
            expect.stringMatching(/takes 70 accounts out of the organization \(converted to individual accounts\): /),
        ]),
    );
    expect(em.exchanges).toEqual([]);

    // Merged with the budget raised in the same change: exactly the difference is sent.
    engine.changeConfig({ "flat:maxUserRemovals": "80" });
    const applied = await engine.up();
    expect(changes(applied.ops)).toEqual([
        "update:default",
        "update:staff",
        "update:students",
        "update:teachers-edubase",
    ]);
    expect(writesByMethod(em.exchanges, "flat")).toEqual({ POST: 71, DELETE: 71 });
    expect(em.exchanges.filter((e) => e.method === "DELETE" && e.api === "flat").map((e) => e.query)).toEqual(
        Array(71).fill(expect.objectContaining({ convertToIndividual: "true" })),
    );
    const graduate = exportRows(2026).find((r) => r.grades === "12" && r.enabled)!;
    expect(em.flat.accounts().find((a) => a.username === graduate.username)?.organization).toBeUndefined();
    expect(em.flat.users()).toHaveLength(302);
    expect(em.edubase!.membership(DISTRICT.organization, "EB_T001")).toBeUndefined();
    expect(em.edubase!.membership(DISTRICT.organization, "EB_T021")).toBeDefined();

    em.resetRecords();
    const refresh = await engine.refresh();
    expect(refresh.ops.filter((o) => o.changed || o.gone)).toEqual([]);
    expect(em.exchanges.filter((e) => e.method !== "GET")).toEqual([]);

    // Destroy runs no program and configures the provider from the last up's inputs: the budget for
    // 302 removals is raised by an up, which costs no request.
    engine.changeConfig({ "flat:maxUserRemovals": "400" });
    em.resetRecords();
    const raise = await engine.up();
    expect(changes(raise.ops)).toEqual(["update:default"]);
    expect(em.exchanges).toEqual([]);
    await engine.destroy();
    expect(engine.resources()).toEqual([]);
    expect(em.flat.users()).toEqual([]);
    expect(em.edubase!.membership(DISTRICT.organization, "EB_T021")).toBeUndefined();

    const secrets = [em.flatToken, em.edubase!.credentials.secret, DISTRICT.studentPassword, DISTRICT.staffPassword];
    expect(findLeaks(engine.exposedText(), secrets)).toEqual([]);
    expect(engine.runs[0].state).toContain('"ciphertext"');
});
