import * as pulumi from "@pulumi/pulumi";
import {
    fields,
    handlers,
    LtiConfigurationInputs,
    LtiConfigurationOutputs,
} from "../../provider/flat/ltiConfiguration";
import { inputNames } from "../../provider/core/fields";
import { PROVIDER_VERSION, UNKNOWN } from "../../provider/core/dynamic";
import { listCache } from "../../provider/core/listCache";
import { CachedList } from "../../provider/flat/client";
import type { LtiConfiguration } from "../../provider/flat/models";
import { lostResponse, useEmulator } from "../support/emulator";
import { lifecycle } from "../support/handlers";

const h = useEmulator();
const { checked, created, diffed } = lifecycle(handlers);

const canvas = {
    mode: "1p3-manual",
    platformIss: "https://canvas.instructure.com",
    platformName: "Canvas",
    clientId: "10000000000123",
    deploymentId: "42:8865aa05b4b79b64a91a86042e43af5ea8ae79eb",
    accessTokenUrl: "https://sso.canvaslms.com/login/oauth2/token",
    authorizationUrl: "https://sso.canvaslms.com/api/lti/authorize_redirect",
    jwksUrl: "https://sso.canvaslms.com/api/lti/security/jwks",
};
const examples: Record<string, Record<string, unknown>> = {
    "1p1-manual": { mode: "1p1-manual", name: "Moodle (LTI 1.1)", lms: "moodle" },
    "1p3-manual": canvas,
    "1p3-dynamic": {
        mode: "1p3-dynamic",
        platformInfo: { name: "Moodle", url: "https://moodle.school.example" },
        locale: "fr",
    },
    "1p3-deployment": {
        mode: "1p3-deployment",
        deploymentType: "schoology",
        deploymentId: "dep-1",
        deploymentBreakdownId: "school-7",
    },
};

const remote = (id: string) => h.em.flat.ltiConfigurations().find((c) => c.id === id);

describe("check", () => {
    // Modes name their inputs apart from the field table: an input no mode takes would fail every check.
    it.each(inputNames(fields).filter((f) => f !== "mode" && f !== "adoptId"))(
        "%s is an input of some mode",
        async (field) => {
            const samples: Record<string, unknown> = { enableEmailMatching: false };
            for (const example of Object.values(examples)) Object.assign(samples, example);
            expect([field, field in samples]).toEqual([field, true]);
            const accepting = [];
            for (const [mode, example] of Object.entries(examples)) {
                const { failures } = await handlers.check({}, { ...example, [field]: samples[field] });
                if (!failures.some((f) => f.property === field)) accepting.push(mode);
            }
            expect(accepting.length).toBeGreaterThan(0);
        },
    );

    it.each([
        ["1p1-manual", "name", { mode: "1p1-manual", lms: "canvas" }, /name is required in mode 1p1-manual/],
        ["1p1-manual", "lms", { mode: "1p1-manual", name: "x" }, /lms is required in mode 1p1-manual/],
        [
            "1p1-manual",
            "lms",
            { mode: "1p1-manual", name: "x", lms: "brightspace" },
            /lms must be one of canvas, moodle/,
        ],
        [
            "1p1-manual",
            "name",
            { mode: "1p1-manual", name: "n".repeat(301), lms: "canvas" },
            /name must be at most 300/,
        ],
        [
            "1p1-manual",
            "clientId",
            { ...examples["1p1-manual"], clientId: "abc" },
            /clientId is not an input of mode 1p1-manual; it belongs to 1p3-manual, 1p3-deployment/,
        ],
        [
            "1p1-manual",
            "enableEmailMatching",
            { ...examples["1p1-manual"], enableEmailMatching: true },
            /enableEmailMatching is not an input of mode 1p1-manual/,
        ],
        [
            "1p3-manual",
            "jwksUrl",
            { ...canvas, jwksUrl: "sso.canvaslms.com/jwks" },
            /jwksUrl must be an http\(s\) URL; got "sso.canvaslms.com\/jwks"/,
        ],
        [
            "1p3-manual",
            "accessTokenUrl",
            { ...canvas, accessTokenUrl: "ftp://x" },
            /accessTokenUrl must be an http\(s\) URL/,
        ],
        [
            "1p3-manual",
            "authorizationUrl",
            { ...canvas, authorizationUrl: "" },
            /authorizationUrl must be an http\(s\) URL/,
        ],
        ["1p3-manual", "platformIss", { ...canvas, platformIss: "canvas" }, /platformIss must be an http\(s\) URL/],
        [
            "1p3-manual",
            "enableEmailMatching",
            { ...canvas, enableEmailMatching: "yes" },
            /enableEmailMatching must be a boolean/,
        ],
        [
            "1p3-manual",
            "name",
            { ...canvas, name: "Canvas" },
            /name is not an input of mode 1p3-manual; it belongs to 1p1-manual/,
        ],
        [
            "1p3-manual",
            "deploymentType",
            { ...canvas, deploymentType: "canvas" },
            /deploymentType is not an input of mode 1p3-manual; it belongs to 1p3-deployment/,
        ],
        [
            "1p3-dynamic",
            "platformInfo.url",
            { mode: "1p3-dynamic", platformInfo: { url: "moodle.example" } },
            /platformInfo\.url must be an http\(s\) URL/,
        ],
        [
            "1p3-dynamic",
            "platformInfo",
            { mode: "1p3-dynamic", platformInfo: "Moodle" },
            /platformInfo must be an object/,
        ],
        ["1p3-dynamic", "locale", { mode: "1p3-dynamic", locale: "f" }, /locale must be at least 2/],
        [
            "1p3-dynamic",
            "platformIss",
            { mode: "1p3-dynamic", platformIss: "https://moodle.example" },
            /platformIss is not an input of mode 1p3-dynamic; it belongs to 1p3-manual/,
        ],
        [
            "1p3-dynamic",
            "deploymentId",
            { mode: "1p3-dynamic", deploymentId: "d" },
            /deploymentId is not an input of mode 1p3-dynamic/,
        ],
        [
            "1p3-deployment",
            "deploymentType",
            { mode: "1p3-deployment", deploymentId: "d" },
            /deploymentType is required in mode 1p3-deployment/,
        ],
        [
            "1p3-deployment",
            "deploymentId",
            { mode: "1p3-deployment", deploymentType: "canvas" },
            /deploymentId is required in mode 1p3-deployment/,
        ],
        [
            "1p3-deployment",
            "jwksUrl",
            { ...examples["1p3-deployment"], jwksUrl: "https://x.example/jwks" },
            /jwksUrl is not an input of mode 1p3-deployment/,
        ],
        [
            "1p3-deployment",
            "locale",
            { ...examples["1p3-deployment"], locale: "en" },
            /locale is not an input of mode 1p3-deployment; it belongs to 1p3-dynamic/,
        ],
        ["(none)", "mode", { name: "x" }, /mode is required/],
        [
            "(unknown)",
            "mode",
            { mode: "1p3-magic" },
            /mode must be one of 1p1-manual, 1p3-manual, 1p3-dynamic, 1p3-deployment/,
        ],
    ])("%s: rejects a bad %s before any request", async (_mode, property, news, reason) => {
        const r = await handlers.check({}, news);
        expect(r.failures).toEqual([{ property, reason: expect.stringMatching(reason) }]);
        expect(h.em.exchanges).toHaveLength(0);
    });

    it.each(Object.entries(examples))(
        "accepts a valid %s configuration, defaulting enableEmailMatching to Flat's true in LTI 1.3",
        async (mode, news) => {
            expect(await checked(news)).toEqual(mode === "1p1-manual" ? news : { enableEmailMatching: true, ...news });
        },
    );

    it("checks no mode-specific rule while the mode is unknown", async () => {
        const r = await handlers.check({}, { mode: UNKNOWN, name: "x", jwksUrl: UNKNOWN });
        expect(r.failures).toEqual([]);
    });
});

describe("create", () => {
    it.each([
        ["1p1-manual", { ltiVersion: "1p1", consumerKey: expect.any(String), consumerSecret: expect.any(String) }],
        ["1p3-dynamic", { ltiVersion: "1p3", platformName: "Moodle", registrationUrl: expect.any(String) }],
        ["1p3-deployment", { ltiVersion: "1p3", deploymentKey: "schoology", parentId: expect.any(String) }],
    ])("%s: sends the mode's values and returns them with what Flat computes", async (mode, computed) => {
        const { outs } = await created(examples[mode]);
        expect(h.em.exchanges[0].requestBody).toEqual(examples[mode]);
        expect(outs).toMatchObject({ ...examples[mode], ...computed });
    });

    it("1p1-manual: keeps the consumer secret Flat issued", async () => {
        const { id, outs } = await created(examples["1p1-manual"]);
        expect(remote(id)).toMatchObject({ ltiVersion: "1p1", consumerSecret: outs.consumerSecret });
    });

    it("1p3-manual: sends the platform values and returns Flat's tool endpoints", async () => {
        const { id, outs } = await created({ ...canvas, enableEmailMatching: false });
        expect(h.em.exchanges[0].requestBody).toEqual({ ...canvas, enableEmailMatching: false });
        expect(outs).toMatchObject({
            ...canvas,
            ltiVersion: "1p3",
            status: "ready-to-use",
            enableEmailMatching: false,
            publicKeysetUrl: expect.stringMatching(/^https:/),
            redirectUris: [expect.any(String)],
        });
        expect(remote(id)).toMatchObject({ mode: "1p3-manual", clientId: canvas.clientId });
        expect(JSON.stringify(outs)).not.toContain("lastUsedDate");
    });

    it("1p3-manual without platform values: created incomplete, to be finished once the LMS issued a client id", async () => {
        const { outs } = await created({ mode: "1p3-manual", platformName: "Canvas" });
        expect(outs.status).toBe("incomplete-setup");
    });

    it("1p3-dynamic: the registration URL carries the one-time token", async () => {
        const { outs } = await created(examples["1p3-dynamic"]);
        expect(outs.registrationUrl).toContain(outs.registrationToken);
    });

    it("applies enableEmailMatching to a deployment with the update that accepts it", async () => {
        const { id, outs } = await created({ ...examples["1p3-deployment"], enableEmailMatching: false });
        expect(h.em.exchanges.map((e) => e.method)).toEqual(["POST", "PUT"]);
        expect(h.em.exchanges[1].requestBody).toEqual({ enableEmailMatching: false });
        expect(outs.enableEmailMatching).toBe(false);
        expect(remote(id)).toMatchObject({ enableEmailMatching: false });
    });

    it("records the configuration when that follow-up update fails", async () => {
        h.em.faults.add({ kind: "status", status: 400, api: "flat", method: "PUT", times: 1 });
        const err = await handlers
            .create(await checked({ ...examples["1p3-deployment"], enableEmailMatching: false }))
            .then(
                () => undefined,
                (e) => e,
            );
        expect(err).toMatchObject({
            id: expect.any(String),
            properties: expect.objectContaining({ deploymentId: "dep-1" }),
        });
        expect(remote(err.id)).toBeDefined();
    });

    it.each([
        ["1p1-manual", "consumerSecret"],
        ["1p3-dynamic", "registrationUrl"],
        ["1p3-manual", "clientId"],
    ])("%s: a lost create response leaves exactly one configuration, with its secrets known", async (mode, field) => {
        h.em.faults.add(lostResponse("POST", "/organizations/lti/configurations"));
        const { id, outs } = await created(examples[mode]);
        expect(h.em.flat.ltiConfigurations().map((c) => c.id)).toEqual([id]);
        expect((outs as unknown as Record<string, unknown>)[field]).toEqual(expect.any(String));
    });

    it("a lost response whose configuration is listed without its secrets: deletes that orphan and creates again", async () => {
        // Flat lists secrets for admins; should a list ever omit them, nobody could learn the orphan's.
        const original = CachedList.prototype.fresh;
        jest.spyOn(CachedList.prototype, "fresh").mockImplementation(async function (
            this: CachedList<LtiConfiguration>,
        ) {
            return (await original.call(this)).map((c) => ({
                ...c,
                registrationToken: undefined,
                registrationUrl: undefined,
            }));
        });
        h.em.faults.add(lostResponse("POST", "/organizations/lti/configurations"));
        const { id, outs } = await created(examples["1p3-dynamic"]);
        expect(h.em.exchanges.map((e) => e.method)).toEqual(["POST", "GET", "DELETE", "POST"]);
        expect(h.em.flat.ltiConfigurations().map((c) => c.id)).toEqual([id]);
        expect(outs.registrationUrl).toEqual(expect.any(String));
        jest.restoreAllMocks();
    });
});

describe("diff", () => {
    it("replaces on a mode change and reports nothing for the same inputs", async () => {
        const { inputs, outs } = await created(canvas);
        expect(await diffed(outs, inputs)).toEqual([false, [], false]);
        expect(await diffed(outs, { mode: "1p3-dynamic" })).toEqual([true, ["mode"], false]);
        expect((await handlers.diff("id", outs, { ...inputs, mode: UNKNOWN as never })).replaces).toEqual(["mode"]);
    });

    it.each([
        ["1p1-manual", { name: "Renamed" }, ["name"]],
        ["1p1-manual", { lms: "canvas" }, ["lms"]],
        ["1p3-manual", { clientId: "2", jwksUrl: "https://canvas.example/jwks", enableEmailMatching: false }, []],
        ["1p3-dynamic", { platformInfo: { name: "Moodle 2" } }, ["platformInfo"]],
        ["1p3-dynamic", { enableEmailMatching: false }, []],
        ["1p3-deployment", { deploymentId: "dep-2", deploymentBreakdownId: "school-8" }, []],
        ["1p3-deployment", { clientId: "c-2" }, ["clientId"]],
        ["1p3-deployment", { deploymentType: "canvas" }, ["deploymentType"]],
    ])("%s: a change of %j replaces %j (and warns only then)", async (mode, change, replaces) => {
        const warn = jest.spyOn(pulumi.log, "warn").mockResolvedValue();
        const { inputs, outs } = await created(examples[mode]);
        expect(await handlers.diff("id", outs, { ...inputs, ...change } as LtiConfigurationInputs)).toEqual({
            changes: true,
            replaces,
            deleteBeforeReplace: false,
        });
        const issued =
            mode === "1p1-manual" ? "issues a new consumer key and secret" : "creates a new LTI 1.3 configuration";
        expect(warn.mock.calls.map(([m]) => m)).toEqual(
            replaces.length
                ? [
                      expect.stringMatching(
                          new RegExp(
                              `^flat\\.LtiConfiguration id \\(${mode}\\): replacing it \\(${replaces[0]} changed\\) ${issued}.*; the LMS stops working until it is updated with the new values$`,
                          ),
                      ),
                  ]
                : [],
        );
        warn.mockRestore();
    });
});

describe("update", () => {
    it.each([
        [
            "1p3-manual",
            {
                clientId: "20000000000456",
                jwksUrl: "https://canvas.school.example/jwks",
                platformName: "Canvas (district)",
                enableEmailMatching: false,
            },
        ],
        ["1p3-deployment", { deploymentId: "dep-2", deploymentBreakdownId: "school-8", enableEmailMatching: false }],
        ["1p3-dynamic", { enableEmailMatching: false }],
    ])("%s: sends exactly the changed updatable fields through the PUT", async (mode, change) => {
        const { id, inputs, outs } = await created(examples[mode]);
        h.em.resetRecords();
        const r = await handlers.update(id, outs, { ...inputs, ...change });
        expect(h.em.exchanges.map((e) => `${e.method} ${e.path}`)).toEqual([
            `PUT /organizations/lti/configurations/${id}`,
        ]);
        expect(h.em.exchanges[0].requestBody).toEqual(change);
        expect(h.em.exchanges[0].status).toBe(200);
        expect(r.outs).toMatchObject(change);
        expect(remote(id)).toMatchObject(change);
    });

    it("keeps the create-time secrets and the create-only inputs through an update", async () => {
        const { id, inputs, outs } = await created(examples["1p3-dynamic"]);
        const r = await handlers.update(id, outs, { ...inputs, enableEmailMatching: false });
        expect(r.outs).toMatchObject({
            registrationToken: outs.registrationToken,
            registrationUrl: outs.registrationUrl,
            platformInfo: inputs.platformInfo,
            locale: "fr",
        });
    });

    it("makes no request when nothing updatable changed (providerVersion only)", async () => {
        const { id, inputs, outs } = await created(examples["1p1-manual"]);
        h.em.resetRecords();
        expect(
            (await handlers.update(id, { ...outs, providerVersion: "0" } as LtiConfigurationOutputs, inputs)).outs,
        ).toMatchObject({ consumerSecret: outs.consumerSecret });
        expect(h.em.exchanges).toHaveLength(0);
    });

    it("says to refresh when the configuration is gone", async () => {
        const { id, inputs, outs } = await created(canvas);
        await handlers.delete(id, outs);
        await expect(handlers.update(id, outs, { ...inputs, clientId: "9" })).rejects.toThrow(
            `flat.LtiConfiguration ${id} no longer exists; run \`pulumi refresh\``,
        );
    });
});

describe("read", () => {
    it.each(Object.keys(examples))("%s: refresh shows no change after create", async (mode) => {
        const { id, inputs, outs } = await created(examples[mode]);
        listCache.drop();
        const r = await handlers.read(id, outs);
        expect({ ...r.props, providerVersion: PROVIDER_VERSION }).toEqual(outs);
        expect(await handlers.diff(id, outs, r.inputs!)).toEqual({
            changes: false,
            replaces: [],
            deleteBeforeReplace: false,
        });
        expect(r.inputs).toMatchObject(inputs);
    });

    it("shows drift made outside Pulumi and keeps secrets a list omits", async () => {
        const { id, outs } = await created(examples["1p3-dynamic"]);
        const stored = h.em.flat.ltiConfigurations().find((c) => c.id === id) as unknown as Record<string, unknown>;
        stored.enableEmailMatching = false;
        delete stored.registrationToken;
        delete stored.registrationUrl;
        listCache.drop();
        const r = await handlers.read(id, outs);
        expect(r.props).toMatchObject({
            enableEmailMatching: false,
            registrationToken: outs.registrationToken,
            registrationUrl: outs.registrationUrl,
        });
        expect(r.inputs).toMatchObject({ enableEmailMatching: false });
    });

    it("reads many configurations with one list request", async () => {
        const made = [];
        for (const mode of Object.keys(examples)) made.push(await created(examples[mode]));
        listCache.drop();
        h.em.resetRecords();
        const results = await Promise.all(made.map((m) => handlers.read(m.id, m.outs)));
        expect(results.every((r) => r.id)).toBe(true);
        expect(h.em.exchanges).toHaveLength(1);
    });

    it("reads an existing configuration by id alone (Resource.get)", async () => {
        const { id } = await created(examples["1p3-deployment"]);
        listCache.drop();
        const r = await handlers.read(id, {} as LtiConfigurationOutputs);
        expect(r.inputs).toMatchObject({ mode: "1p3-deployment", deploymentType: "schoology", deploymentId: "dep-1" });
    });

    it("returns nothing when the configuration is gone", async () => {
        const { id, outs } = await created(canvas);
        await handlers.delete(id, outs);
        expect(await handlers.read(id, outs)).toEqual({});
    });
});

describe("delete", () => {
    it.each(Object.keys(examples))("%s: deletes, and deleting again succeeds", async (mode) => {
        const { id, outs } = await created(examples[mode]);
        await handlers.delete(id, outs);
        expect(remote(id)).toBeUndefined();
        await expect(handlers.delete(id, outs)).resolves.toBeUndefined();
    });
});

describe("secrets", () => {
    it("no error message holds a secret output", async () => {
        const secrets: string[] = [];
        const { id, outs } = await created(examples["1p3-dynamic"]);
        secrets.push(outs.registrationToken!, outs.registrationUrl!, h.em.flatToken);
        const c11 = await created(examples["1p1-manual"]);
        secrets.push(c11.outs.consumerSecret!);
        const errors: Error[] = [];
        h.em.faults.add({ kind: "status", status: 500, api: "flat", body: { code: "INTERNAL", message: "boom" } });
        for (const attempt of [
            () => handlers.update(id, outs, { ...(outs as LtiConfigurationInputs), enableEmailMatching: false }),
            () => handlers.delete(c11.id, c11.outs),
            () => handlers.create({ mode: "1p1-manual", name: "x", lms: "canvas" }),
        ])
            errors.push(
                await attempt().then(
                    () => new Error("expected failure"),
                    (e) => e,
                ),
            );
        for (const err of errors) for (const s of secrets) expect(err.message).not.toContain(s);
        expect(errors.map((e) => e.message)).toEqual(
            errors.map(() => expect.stringMatching(/^Flat API (PUT|DELETE|GET|POST) .* failed: 500/)),
        );
    });
});

describe("adoptId", () => {
    const requests = () => h.em.exchanges.map((e) => `${e.method} ${e.path}`);

    it.each(Object.keys(examples))("%s: takes over an existing configuration without any write", async (mode) => {
        const { id, outs } = await created(examples[mode]);
        listCache.drop();
        h.em.resetRecords();
        const declared = { ...examples[mode], enableEmailMatching: outs.enableEmailMatching, adoptId: id };
        const adopted = await handlers.create(await checked(declared));
        expect(adopted.id).toBe(id);
        expect(adopted.outs).toMatchObject({ mode, adoptId: id });
        expect(adopted.outs.consumerKey).toBe(outs.consumerKey);
        expect(requests()).toEqual(["GET /organizations/lti/configurations"]);
        expect(h.em.flat.ltiConfigurations()).toHaveLength(1);
    });

    it("sends the updatable values that differ in one update", async () => {
        const { id } = await created(canvas);
        h.em.resetRecords();
        const adopted = await handlers.create(await checked({ ...canvas, clientId: "20000000000456", adoptId: id }));
        expect(adopted.outs.clientId).toBe("20000000000456");
        expect(h.em.exchanges.filter((e) => e.method !== "GET").map((e) => [e.method, e.requestBody])).toEqual([
            ["PUT", { clientId: "20000000000456" }],
        ]);
    });

    it("refuses, before any write, an unknown id, another mode or a value only a replacement could apply", async () => {
        const { id } = await created(examples["1p3-deployment"]);
        h.em.resetRecords();
        const adopt = async (news: Record<string, unknown>) => handlers.create(await checked(news));
        await expect(adopt({ ...canvas, adoptId: "no-such-id" })).rejects.toThrow(
            "flat.LtiConfiguration no-such-id: adopt: the organization has no LTI configuration with this id; remove adoptId to create one",
        );
        await expect(adopt({ ...canvas, adoptId: id })).rejects.toThrow(
            /it is a 1p3-deployment configuration; declare mode "1p3-deployment"/,
        );
        await expect(adopt({ ...examples["1p3-deployment"], deploymentType: "canvas", adoptId: id })).rejects.toThrow(
            /it has deploymentType "schoology"; declare that value \(a change would replace the configuration\)/,
        );
        expect(h.em.exchanges.filter((e) => e.method !== "GET")).toEqual([]);
    });
});
