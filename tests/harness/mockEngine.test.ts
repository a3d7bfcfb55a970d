// Harness self-test: whole programs under setMocks with MockEngine executing the serialized fixture
// provider (captured by reference), across up / preview / refresh / destroy, explicit providers and
// replacement ordering.
import * as pulumi from "@pulumi/pulumi";
import { MockEngine, settle } from "../support/mockEngine";
import { findLeaks, secret } from "../support/secrets";
import { useTwoFakeThingsServers } from "../fixtures/fakeThingsServer";
import { FIXTURE_PACKAGE, installFixture } from "../fixtures/installFixture";

const { dir, entry } = installFixture("harness-mocks");
const fixtureProvider = require(entry);

interface ThingArgs {
    name: pulumi.Input<string>;
    size?: number;
    zone?: string;
    slot?: string;
    password?: pulumi.Input<string>;
}

class Thing extends pulumi.dynamic.Resource {
    declare readonly name: pulumi.Output<string>;
    declare readonly size: pulumi.Output<number>;
    declare readonly label: pulumi.Output<string>;
    declare readonly secretCode: pulumi.Output<string>;
    declare readonly password: pulumi.Output<string | undefined>;
    constructor(name: string, args: ThingArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            fixtureProvider,
            name,
            { label: undefined, secretCode: undefined, version: undefined, ...args },
            opts,
            "fixture",
            "Thing",
        );
    }
}

/** An explicit provider for dynamic resources (what flat.Provider / edubase.Provider are). */
class NodejsProvider extends pulumi.ProviderResource {
    constructor(name: string, props: pulumi.Inputs, opts?: pulumi.ResourceOptions) {
        super("pulumi-nodejs", name, props, opts);
    }
}

const servers = useTwoFakeThingsServers();

const newEngine = () =>
    new MockEngine({
        cwd: dir,
        isolatePackages: [FIXTURE_PACKAGE],
        project: "harness",
        config: { label: "stack-label", "fixture:baseUrl": servers.a.url, "fixture:token": secret(servers.a.token) },
        secretOutputs: { "fixture:Thing": ["secretCode"] },
    });
const opsOf = (engine: MockEngine) => engine.lastOps.map((o) => `${o.op}:${o.name}`);

test("up, up again (all same), preview, refresh, destroy", async () => {
    const engine = newEngine();
    const program =
        (ySize: number, extra = false) =>
        () => {
            const x = new Thing("x", { name: "x", password: pulumi.secret("pw-x-secret") });
            // y depends on x, so it is created after x and destroyed before it.
            const y = new Thing("y", { name: x.name.apply((n) => `${n}-child`), size: ySize });
            return extra ? { x, y, z: new Thing("z", { name: "z" }) } : { x, y };
        };

    const r1 = await engine.up(program(1));
    expect(opsOf(engine)).toEqual(["create:x", "create:y"]);
    expect(await settle(r1.x.password)).toMatchObject({ value: "pw-x-secret", secret: true });
    expect(await settle(r1.x.secretCode)).toMatchObject({ secret: true }); // secretOutputs emulation
    expect((await settle(r1.y.name)).value).toBe("x-child");
    expect((await settle(r1.x.label)).value).toBe("stack-label"); // bare key → "harness:label"
    expect(engine.lastRun.logs.some((l) => l.message.includes("fixture: created"))).toBe(true);

    await engine.up(program(1));
    expect(opsOf(engine)).toEqual(["same:x", "same:y"]);

    const before = servers.a.requests.length;
    const pv = await engine.preview(program(2, true));
    expect(opsOf(engine).sort()).toEqual(["create:z", "same:x", "update:y"]);
    expect(engine.lastOps.every((o) => o.planned)).toBe(true);
    expect((await settle(pv.z!.secretCode)).known).toBe(false); // not an input: unknown in preview
    expect(servers.a.requests.length).toBe(before); // check and diff are offline; no CRUD in preview

    await engine.refresh();
    expect(engine.lastOps.map((o) => [o.op, o.name, o.changed])).toEqual([
        ["read", "x", false],
        ["read", "y", false],
    ]);

    const x = engine.findCreatedResource("fixture:Thing", "x");
    const y = engine.findCreatedResource("pulumi-nodejs:dynamic/fixture:Thing", "y");
    servers.a.things.get(y.id)!.size = 7; // drift
    servers.a.things.delete(x.id); // deleted out of band
    await engine.refresh();
    expect(engine.lastOps.map((o) => [o.name, o.changed, !!o.gone])).toEqual([
        ["x", true, true],
        ["y", true, false],
    ]);
    expect([...engine.state.keys()]).toEqual(["pulumi-nodejs:dynamic/fixture:Thing::y"]);
    expect(engine.findCreatedResource("fixture:Thing", "y").args.size).toBe(7); // read returned inputs

    await engine.up(program(1)); // x re-created, y back to size 1
    expect(opsOf(engine)).toEqual(["create:x", "update:y"]);
    expect(engine.lastRun.logs.map((l) => l.message)).toContainEqual(
        expect.stringMatching(/fixture: updated thing-\d+/),
    ); // pulumi.log in provider code
    // Reverse creation order: x was re-created after y, so it goes first (see mockEngine.ts limits).
    const ids = ["x", "y"].map((n) => engine.findCreatedResource("fixture:Thing", n).id);
    const order = servers.a.requests.length;
    await engine.destroy();
    expect(engine.state.size).toBe(0);
    expect(opsOf(engine)).toEqual(["delete:x", "delete:y"]);
    expect(servers.a.requests.slice(order).map((q) => `${q.method} ${q.path}`)).toEqual(
        ids.map((id) => `DELETE /things/${id}`),
    );

    expect(findLeaks(engine.capturedText() + engine.stateText(), [servers.a.token, "pw-x-secret"])).toEqual([]);
});

test("explicit providers get their own inputs as config and their own process", async () => {
    const engine = newEngine();
    const program = () => {
        const second = new NodejsProvider("second", {
            "fixture:baseUrl": servers.b.url,
            "fixture:token": pulumi.secret(servers.b.token),
            "harness:label": "explicit-label",
        });
        return {
            onDefault: new Thing("on-default", { name: "d" }),
            onSecond: new Thing("on-second", { name: "s" }, { provider: second }),
        };
    };
    const [aCount, bCount] = [servers.a.things.size, servers.b.things.size];
    const r = await engine.up(program);
    expect(servers.a.things.size).toBe(aCount + 1);
    expect(servers.b.things.size).toBe(bCount + 1);
    expect((await settle(r.onDefault.label)).value).toBe("stack-label");
    expect((await settle(r.onSecond.label)).value).toBe("explicit-label");
    expect(engine.findCreatedResource("fixture:Thing", "on-second").provider).toBe(
        "pulumi:providers:pulumi-nodejs::second",
    );

    // refresh and destroy run without the program: the stored provider inputs route the calls.
    const bGets = () => servers.b.requests.filter((q) => q.method === "GET").length;
    const gets = bGets();
    await engine.refresh();
    expect(bGets()).toBe(gets + 1);
    await engine.destroy();
    expect(servers.b.things.size).toBe(bCount);
    expect(engine.providerState.size).toBe(0);
    expect(findLeaks(engine.capturedText() + engine.stateText(), [servers.a.token, servers.b.token])).toEqual([]);
});

test("replacement order follows deleteBeforeReplace", async () => {
    const engine = newEngine();
    const program = (zone: string, slot: string) => () => new Thing("r", { name: "r", zone, slot });
    await engine.up(program("a", "1"));
    const id1 = engine.findCreatedResource("fixture:Thing", "r").id;

    let mark = servers.a.requests.length;
    await engine.up(program("b", "1")); // zone: delete before replace
    expect(engine.lastOps).toMatchObject([{ op: "replace", deleteBeforeReplace: true }]);
    expect(servers.a.requests.slice(mark).map((q) => `${q.method} ${q.path}`)).toEqual([
        `DELETE /things/${id1}`,
        "POST /things",
    ]);
    const id2 = engine.findCreatedResource("fixture:Thing", "r").id;

    mark = servers.a.requests.length;
    await engine.up(program("b", "2")); // slot: create before delete
    expect(engine.lastOps).toMatchObject([{ op: "replace", deleteBeforeReplace: false }]);
    expect(servers.a.requests.slice(mark).map((q) => `${q.method} ${q.path}`)).toEqual([
        "POST /things",
        `DELETE /things/${id2}`,
    ]);
    await engine.destroy();
});

test("failures are recorded, fail the run, and never hang", async () => {
    const engine = newEngine();
    await expect(engine.up(() => new Thing("bad", { name: "" }))).rejects.toThrow(
        /check failed: name: name must be a non-empty string/,
    );
    expect(engine.state.size).toBe(0);

    // An error carrying an id: the object exists and is recorded in state.
    await expect(engine.up(() => new Thing("half", { name: "half-recorded" }))).rejects.toThrow(
        /follow-up step failed/,
    );
    expect(engine.findCreatedResource("fixture:Thing", "half").id).toMatch(/^thing-/);

    const wrong = new MockEngine({
        cwd: dir,
        isolatePackages: [FIXTURE_PACKAGE],
        config: { "fixture:baseUrl": servers.a.url, "fixture:token": secret("wrong-token-value") },
    });
    const err = await wrong.up(() => new Thing("denied", { name: "n" })).catch((e) => e);
    expect(err).toBeInstanceOf(AggregateError);
    expect(err.message).toMatch(/401/);
    expect(findLeaks(wrong.capturedText(), ["wrong-token-value"])).toEqual([]);
    await engine.destroy();
});

describe("partial failures, as Pulumi's engine records them", () => {
    test("a partial create is stored with exactly the error's properties; without __provider, refresh and destroy fail", async () => {
        const engine = newEngine();
        await expect(engine.up(() => new Thing("naive", { name: "half-created" }))).rejects.toThrow(/follow-up/);
        const entry = engine.findCreatedResource("fixture:Thing", "naive");
        expect(entry.props.__provider).toBeUndefined(); // the host adds none (grpcResponseFromError)
        expect(Object.keys(entry.props).sort()).toEqual([
            "label",
            "name",
            "secretCode",
            "size",
            "slot",
            "version",
            "zone",
        ]);
        expect(entry.initErrors).toBeUndefined(); // no reasons given: none recorded

        await expect(engine.refresh()).rejects.toThrow(/code must be a string/);
        await expect(engine.destroy()).rejects.toThrow(/code must be a string/);
        expect(engine.state.size).toBe(1);
        servers.a.things.delete(entry.id); // clean the fake API by hand
    });

    test("with __provider and reasons: the next up updates although diff finds no change, refresh clears initErrors", async () => {
        const engine = newEngine();
        const program = () => new Thing("rec", { name: "half-recorded" });
        await expect(engine.up(program)).rejects.toThrow(/follow-up/);
        const entry = engine.findCreatedResource("fixture:Thing", "rec");
        expect(typeof entry.props.__provider).toBe("string");
        expect(entry.initErrors).toEqual([expect.stringMatching(/follow-up step failed/)]);

        await engine.preview(program);
        expect(opsOf(engine)).toEqual(["update:rec"]); // diff says no change; initErrors force the update
        await engine.up(program);
        expect(opsOf(engine)).toEqual(["update:rec"]);
        expect(engine.findCreatedResource("fixture:Thing", "rec").initErrors).toBeUndefined();

        // Partial again, then a refresh clears the initErrors: the next up is "same".
        await expect(engine.up(() => new Thing("rec2", { name: "half-recorded" }))).rejects.toThrow(/follow-up/);
        await engine.refresh();
        expect(engine.findCreatedResource("fixture:Thing", "rec2").initErrors).toBeUndefined();
        await engine.up(() => new Thing("rec2", { name: "half-recorded" }));
        expect(opsOf(engine)).toEqual(["same:rec2", "delete:rec"]);
        await engine.destroy();
        expect(engine.state.size).toBe(0);
    });

    test("a failed update keeps the old inputs and stores the error's properties as outputs", async () => {
        const engine = newEngine();
        await engine.up(() => new Thing("u", { name: "u", size: 1 }));
        await expect(engine.up(() => new Thing("u", { name: "u", size: 99 }))).rejects.toThrow(/updated but/);
        const entry = engine.findCreatedResource("fixture:Thing", "u");
        expect(entry.args.size).toBe(1); // old inputs
        expect(entry.props.size).toBe(99); // the error's properties
        await engine.destroy();
    });
});

test("refresh calls diff with the refreshed outputs and the stored inputs", async () => {
    const engine = newEngine();
    await engine.up(() => new Thing("d", { name: "d", size: 2 }));
    await engine.refresh();
    expect(engine.lastOps).toMatchObject([{ op: "read", changed: false, diff: { changes: false } }]);
    servers.a.things.get(engine.findCreatedResource("fixture:Thing", "d").id)!.size = 5;
    await engine.refresh();
    // read returned the drifted size as inputs too, so the refreshed state diffs against the old inputs.
    expect(engine.lastOps).toMatchObject([{ op: "read", changed: true, diff: { changes: true, replaces: [] } }]);
    await engine.destroy();
});

test("refresh and destroy configure the provider from the config stored at the last up", async () => {
    const engine = newEngine();
    await engine.up(() => new Thing("s", { name: "s" }));
    // The stack config now points elsewhere; without a new up, refresh and destroy still use the stored one.
    engine.config = { ...engine.config, "fixture:baseUrl": servers.b.url, "fixture:token": secret(servers.b.token) };
    const [aCount, bCount] = [servers.a.requests.length, servers.b.requests.length];
    await engine.refresh();
    await engine.destroy();
    expect(servers.a.requests.length).toBe(aCount + 2);
    expect(servers.b.requests.length).toBe(bCount);
    expect(findLeaks(engine.stateText(), [servers.a.token, servers.b.token])).toEqual([]);
});

test("stack config reaches configure as strings", async () => {
    const engine = newEngine();
    engine.config = { ...engine.config, label: 42 };
    const r = await engine.up(() => new Thing("n", { name: "n" }));
    expect(await settle(r.label)).toMatchObject({ value: "42" });
    await engine.destroy();
});

test("an explicit provider whose inputs are unknown in a preview is neither configured nor checked; its resources update", async () => {
    const engine = newEngine();
    const program = (labelFrom: "known" | "new") => () => {
        const src = new Thing(labelFrom === "known" ? "src" : "src-new", { name: "src" });
        const p = new NodejsProvider("p", {
            "fixture:baseUrl": servers.b.url,
            "fixture:token": pulumi.secret(servers.b.token),
            "harness:label": src.id.apply((id) => `from-${id}`),
        });
        return {
            t: new Thing("t", { name: "t" }, { provider: p }),
            bad: labelFrom === "new" ? new Thing("bad", { name: "" }, { provider: p }) : undefined,
        };
    };
    await engine.up(program("known"));
    const bRequests = servers.b.requests.length;
    const r = await engine.preview(program("new")); // src-new is new: its id, so p's label, is unknown
    expect(opsOf(engine).sort()).toEqual(["create:bad", "create:src-new", "delete:src", "update:p", "update:t"]);
    expect((await settle(r.t.name)).known).toBe(false); // planned outputs are empty
    expect(servers.b.requests.length).toBe(bRequests);
    await engine.destroy();
});
