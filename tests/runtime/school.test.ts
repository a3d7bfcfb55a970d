// examples/school run as `pulumi up` runs it, without the CLI: the real language runtime
// (@pulumi/pulumi/cmd/run) compiles the TypeScript program and registers its resources with the
// engine double, which drives the real dynamic-provider host over gRPC against the emulator. The
// package is the one `npm pack` makes, installed beside the program; config is in Pulumi.dev.yaml.
// Partial failures and unknown provider inputs are handled by the double (steps.ts) but not run here:
// a failing program takes about a minute to exit on Node 20 (see the double's README); the program
// layer (tests/harness/mockEngine.test.ts) and the protocol layer cover them.
import { Emulator, startEmulator } from "../../emulator";
import { changes, EngineDouble, plainOutputs } from "../support/engineDouble";
import { runtimeExample } from "../support/engineDouble/exampleDir";
import { SCHOOL, schoolConfig, schoolResourceRequests } from "../support/examples";
import { findLeaks } from "../support/secrets";
import { students, teachers } from "../../examples/school/roster";

// A hang, not a slow machine, should fail these: several runs of up to minutes each on a loaded runner.
jest.setTimeout(1_800_000);

let em: Emulator;
let engine: EngineDouble;

beforeAll(async () => {
    em = await startEmulator({ edubase: false });
    engine = runtimeExample("school", schoolConfig(em));
});
afterAll(() => em?.close());

test("up, no-change preview, a change, refresh, destroy", async () => {
    const up = await engine.up();
    const created = up.ops.filter((o) => o.type.startsWith("pulumi-nodejs:dynamic/"));
    expect(created.length).toBe(teachers.length + students.length + 5);
    expect(created.every((o) => o.op === "create")).toBe(true);
    expect(em.flat.users().length).toBe(teachers.length + students.length + 1);

    // Stack outputs: secrets stay secret through the runtime's own serialization.
    const outputs = plainOutputs(up.outputs);
    expect(outputs.values.studentCount).toBe(students.length);
    expect(outputs.secret).toEqual(expect.arrayContaining(["consumerSecret", "reportingToken"]));
    expect(outputs.secret).not.toContain("studentCount");
    expect(outputs.values.report.teachers).toBe(teachers.length);
    const reportingToken = String(outputs.values.reportingToken);

    em.resetRecords();
    const preview = await engine.preview();
    expect(changes(preview.ops)).toEqual([]);
    expect(schoolResourceRequests(em)).toEqual([]);

    // A change: a new teacher through the roster would need a new program; the initial password is
    // a write-only input, so changing it in config updates every account that uses it.
    const before = JSON.stringify(engine.resources());
    engine.changeConfig({
        "school:initialPassword": { secret: `${SCHOOL.initialPassword}-changed` },
        "school:canvasClientId": SCHOOL.canvasClientId,
    });
    const changed = await engine.up();
    expect(changed.ops.filter((o) => o.op === "update").map((o) => o.name)).toContain("canvas-lti13");
    expect(JSON.stringify(engine.resources())).not.toBe(before);

    const refresh = await engine.refresh();
    expect(refresh.ops.filter((o) => o.changed || o.gone)).toEqual([]);
    const stored = engine.stateText()!;

    const destroy = await engine.destroy();
    expect(destroy.ops.every((o) => o.op === "delete")).toBe(true);
    expect(em.flat.users()).toEqual([]);
    expect(engine.resources()).toEqual([]);

    // Nothing secret in plaintext: any state stored, the config file, program and host output, logs.
    const { initialPassword, reportingPassword } = SCHOOL;
    const secrets = [em.flatToken, initialPassword, `${initialPassword}-changed`, reportingPassword, reportingToken];
    expect(findLeaks(engine.exposedText(), secrets)).toEqual([]);
    expect(stored).toContain('"ciphertext"');
});
