import * as pulumi from "@pulumi/pulumi";
import { handlers, LtiCredentialsOutputs } from "../../provider/flat/ltiCredentials";
import { PROVIDER_VERSION } from "../../provider/core/dynamic";
import { lostResponse, useEmulator } from "../support/emulator";
import { lifecycle } from "../support/handlers";

const h = useEmulator();

const { created, diffed } = lifecycle(handlers);
const createCredentials = (news: Record<string, unknown> = { name: "Canvas production", lms: "canvas" }) =>
    created(news);

describe("check", () => {
    it.each([
        ["name", { lms: "canvas" }, /name is required/],
        ["name", { name: "n".repeat(301), lms: "canvas" }, /name must be at most 300/],
        [
            "lms",
            { name: "x", lms: "brightspace" },
            /lms must be one of canvas, moodle, schoology, blackboard, desire2learn, sakai, schoolbox, other/,
        ],
    ])("rejects a bad %s before any request", async (property, news, reason) => {
        const r = await handlers.check({}, news);
        expect(r.failures).toEqual([{ property, reason: expect.stringMatching(reason) }]);
        expect(h.em.exchanges).toHaveLength(0);
    });
});

describe("lifecycle", () => {
    it("returns the consumer key and secret at creation and keeps the secret when the list omits it", async () => {
        const { id, outs } = await createCredentials();
        expect(outs.consumerKey).toEqual(expect.any(String));
        expect(outs.consumerSecret).toEqual(expect.any(String));
        const r = await handlers.read(id, outs);
        expect(r.props).toMatchObject({
            consumerKey: outs.consumerKey,
            consumerSecret: outs.consumerSecret,
            name: "Canvas production",
            lms: "canvas",
        });
    });

    it("replaces on a change of name or LMS, creating the new credentials first", async () => {
        const { inputs, outs } = await createCredentials();
        const stored = { ...outs, providerVersion: PROVIDER_VERSION } as LtiCredentialsOutputs;
        expect(await diffed(stored, { ...inputs, lms: "moodle" })).toEqual([true, ["lms"], false]);
        expect(await diffed(stored, inputs)).toEqual([false, [], false]);
    });

    it("warns in the preview that a replacement issues a new consumer key, with no request", async () => {
        const warn = jest.spyOn(pulumi.log, "warn").mockResolvedValue();
        try {
            const { inputs, outs } = await createCredentials();
            h.em.resetRecords();
            await handlers.diff("id", outs, inputs);
            expect(warn).not.toHaveBeenCalled();
            await handlers.diff("id", outs, { ...inputs, name: "Canvas 2" });
            expect(warn.mock.calls.map(([m]) => m)).toEqual([
                `flat.LtiCredentials Canvas production (consumer key ${outs.consumerKey}): replacing it (name changed) issues a new consumer key and secret; the LMS stops working until it is updated with the new values`,
            ]);
            expect(h.em.exchanges).toHaveLength(0);
        } finally {
            warn.mockRestore();
        }
    });

    it("revokes, and treats revoking revoked credentials as success", async () => {
        const { id, outs } = await createCredentials();
        await handlers.delete(id, outs);
        expect(h.em.flat.ltiCredentials()).toHaveLength(0);
        await expect(handlers.delete(id, outs)).resolves.toBeUndefined();
    });

    it("revokes credentials whose create response was lost and creates them again, so the secret is known", async () => {
        h.em.faults.add(lostResponse("POST", "/organizations/lti/credentials"));
        const { id, outs } = await createCredentials();
        expect(h.em.flat.ltiCredentials().map((c) => c.id)).toEqual([id]);
        expect(outs.consumerSecret).toEqual(expect.any(String));
    });

    it("returns nothing when the credentials were revoked outside Pulumi", async () => {
        const { id, outs } = await createCredentials();
        h.em.flat.ltiCredentials().splice(0);
        const { listCache } = await import("../../provider/core/listCache");
        listCache.drop();
        expect(await handlers.read(id, outs)).toEqual({});
    });
});

describe("adoptConsumerKey", () => {
    it("takes over existing credentials by consumer key without any write", async () => {
        const { id, outs } = await createCredentials();
        const { listCache } = await import("../../provider/core/listCache");
        listCache.drop();
        h.em.resetRecords();
        const adopted = await createCredentials({
            name: "Canvas production",
            lms: "canvas",
            adoptConsumerKey: outs.consumerKey,
        });
        expect(adopted.id).toBe(id);
        expect(adopted.outs).toMatchObject({ consumerKey: outs.consumerKey, adoptConsumerKey: outs.consumerKey });
        expect(h.em.exchanges.map((e) => `${e.method} ${e.path}`)).toEqual(["GET /organizations/lti/credentials"]);
        expect(h.em.flat.ltiCredentials()).toHaveLength(1);
    });

    it("refuses, before any write, an unknown key or credentials with another name or LMS", async () => {
        const { outs } = await createCredentials();
        await expect(
            createCredentials({ name: "Canvas production", lms: "canvas", adoptConsumerKey: "no-such-key" }),
        ).rejects.toThrow(/no LTI credentials with consumer key no-such-key; remove adoptConsumerKey/);
        await expect(
            createCredentials({ name: "Canvas", lms: "moodle", adoptConsumerKey: outs.consumerKey }),
        ).rejects.toThrow(/have name "Canvas production" and lms "canvas"; declare those values/);
        expect(h.em.flat.ltiCredentials()).toHaveLength(1);
    });
});
