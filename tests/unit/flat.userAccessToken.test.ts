import * as pulumi from "@pulumi/pulumi";
import { handlers, label, UserAccessTokenOutputs } from "../../provider/flat/userAccessToken";
import { labelled } from "../../provider/core/errors";
import { PROVIDER_VERSION, UNKNOWN } from "../../provider/core/dynamic";
import { renewalDue } from "../../provider/core/renewal";
import { lostResponse, useEmulator } from "../support/emulator";
import { lifecycle } from "../support/handlers";

const h = useEmulator();
const { checked, diffed } = lifecycle(handlers);
const HOUR = 3_600_000;

let warn: jest.SpyInstance;
beforeEach(() => {
    warn = jest.spyOn(pulumi.log, "warn").mockResolvedValue(undefined);
});
afterEach(() => {
    jest.restoreAllMocks();
    offset = 0;
});

/** An admin member the token acts for (delegated tokens need a member with the scopes' rights). */
function member(): string {
    return h.em.flat.seedUsers([{ username: "reporting-bot", organizationRole: "admin" }])[0].id;
}

async function issued(extra: Record<string, unknown> = {}) {
    const inputs = await checked({ user: member(), scopes: ["edu.admin.users.readonly"], ...extra });
    const r = await handlers.create(inputs);
    return { inputs, id: r.id, outs: { ...r.outs, providerVersion: PROVIDER_VERSION } as UserAccessTokenOutputs };
}

/** Moves the emulator's clock and the provider's (`Date.now`) forward together. */
const realNow = Date.now;
let offset = 0;
function advance(ms: number) {
    h.em.flat.advanceTime(ms);
    offset += ms;
    if (!jest.isMockFunction(Date.now)) jest.spyOn(Date, "now").mockImplementation(() => realNow() + offset);
}

describe("check", () => {
    it.each([
        ["user", { scopes: ["edu.admin"] }, /user is required/],
        ["scopes", { user: "u1" }, /scopes is required/],
        ["scopes", { user: "u1", scopes: [] }, /scopes must have at least 1 item/],
        [
            "scopes",
            { user: "u1", scopes: ["edu.admin", "edu.superuser"] },
            /scopes\[1\] must be one of .*edu\.admin\.users\.readonly.*; got "edu.superuser"/,
        ],
        ["scopes", { user: "u1", scopes: ["edu.admin", "edu.admin"] }, /scopes lists "edu.admin" more than once/],
        [
            "renewBefore",
            { user: "u1", scopes: ["edu.admin"], renewBefore: "three days" },
            /renewBefore must be a duration such as 72h/,
        ],
    ])("rejects a bad %s before any request", async (property, news, reason) => {
        const r = await handlers.check({}, news);
        expect(r.failures).toEqual([{ property, reason: expect.stringMatching(reason) }]);
        expect(h.em.exchanges).toHaveLength(0);
    });

    it("defaults renewBefore to 6h and leaves unknown scopes for later", async () => {
        const r = await handlers.check({}, { user: UNKNOWN, scopes: UNKNOWN });
        expect(r.failures).toEqual([]);
        expect(r.inputs).toEqual({ user: UNKNOWN, scopes: UNKNOWN, renewBefore: "6h" });
    });
});

describe("create", () => {
    it("issues a token acting for the user with the declared scopes", async () => {
        const { id, outs, inputs } = await issued();
        const remote = h.em.flat.accessTokens();
        expect(remote).toHaveLength(1);
        expect(remote[0]).toMatchObject({
            id,
            userId: inputs.user,
            token: outs.token,
            scopes: ["edu.admin.users.readonly"],
        });
        expect(outs).toMatchObject({
            tokenId: id,
            user: inputs.user,
            scopes: ["edu.admin.users.readonly"],
            renewBefore: "6h",
        });
        expect(Date.parse(outs.expirationDate!) - Date.parse(outs.issuedDate!)).toBe(24 * HOUR);
        expect(Object.values(outs)).not.toContain(undefined);
        expect(h.em.exchanges.map((e) => `${e.method} ${e.path}`)).toEqual([
            `POST /organizations/users/${inputs.user}/accessToken`,
        ]);
        expect(h.em.exchanges[0].requestBody).toEqual({ scopes: ["edu.admin.users.readonly"] });
        expect(warn).not.toHaveBeenCalled();
    });

    it("gives a token that really acts for the user within its scopes", async () => {
        const { outs } = await issued();
        const call = (path: string) =>
            fetch(h.em.flatUrl + path, { headers: { authorization: `Bearer ${outs.token}` } });
        expect((await call("/organizations/users")).status).toBe(200);
        expect((await call("/organizations/lti/configurations")).status).toBe(403);
    });

    it("fails with a message naming the user when they are not a member, without the admin token", async () => {
        const inputs = await checked({ user: "000000000000000000000000", scopes: ["edu.admin"] });
        const err: Error = await labelled(label, handlers)
            .create(inputs)
            .then(
                () => {
                    throw new Error("expected failure");
                },
                (e) => e,
            );
        expect(err.message).toBe(
            "flat.UserAccessToken 000000000000000000000000: create: user 000000000000000000000000 is not a member of the organization",
        );
        expect(err.message).not.toContain(h.em.flatToken);
    });

    it("sends the POST again when its response was lost: the token it never saw is unusable to anyone", async () => {
        h.em.faults.add(lostResponse("POST", /accessToken$/));
        const { outs } = await issued();
        expect(h.em.flat.accessTokens().map((t) => t.token)).toContain(outs.token);
        expect(h.em.count({ api: "flat", method: "POST" })).toBe(2);
    });

    it("warns when renewBefore is at least the token's lifetime (every preview would replace it)", async () => {
        await issued({ renewBefore: "25h" });
        expect(warn).toHaveBeenCalledWith(
            expect.stringMatching(/within renewBefore \(25h\); every preview will replace it/),
        );
    });
});

describe("diff and renewal", () => {
    it("reports nothing for the same inputs, replaces on a change of user or scopes, updates renewBefore in place", async () => {
        const { inputs, outs } = await issued();
        expect(await diffed(outs, inputs)).toEqual([false, [], false]);
        expect(await diffed(outs, { ...inputs, user: "someone-else" })).toEqual([true, ["user"], false]);
        expect(await diffed(outs, { ...inputs, scopes: ["edu.admin"] })).toEqual([true, ["scopes"], false]);
        expect(await diffed(outs, { ...inputs, renewBefore: "2h" })).toEqual([true, [], false]);
        expect(h.em.exchanges).toHaveLength(1);
    });

    it("compares scopes as a set", async () => {
        const { inputs, outs } = await issued({ scopes: ["edu.admin.users.readonly", "account.public_profile"] });
        const d = await handlers.diff(
            "id",
            { ...outs, scopes: ["account.public_profile", "edu.admin.users.readonly"] },
            inputs,
        );
        expect(d.changes).toBe(false);
    });

    it("replaces a token whose expiry is within renewBefore, offline, and the new token differs", async () => {
        const { inputs, outs } = await issued();
        h.em.resetRecords();
        advance(17 * HOUR); // 7 h left, renewBefore 6 h
        expect((await handlers.diff("id", outs, inputs)).replaces).toEqual([]);
        advance(2 * HOUR); // 5 h left
        expect(await diffed(outs, inputs)).toEqual([true, ["expirationDate"], false]);
        expect(h.em.exchanges).toHaveLength(0);
        const renewed = await handlers.create(inputs);
        expect(renewed.outs.token).not.toBe(outs.token);
        expect(renewed.id).not.toBe(outs.tokenId);
        expect(Date.parse(renewed.outs.expirationDate!)).toBeGreaterThan(Date.parse(outs.expirationDate!));
    });

    it("decides renewal from the clock alone", () => {
        const now = Date.parse("2026-01-01T00:00:00Z");
        expect(renewalDue("2026-01-02T00:00:00Z", "24h", now)).toBe(true);
        expect(renewalDue("2026-01-02T00:00:01Z", "24h", now)).toBe(false);
        expect(renewalDue(undefined, "24h", now)).toBe(false);
        expect(renewalDue("not a date", "1h", now)).toBe(false);
    });
});

describe("read", () => {
    it("keeps the state while the user is a member, and costs one users list", async () => {
        const { id, outs, inputs } = await issued();
        h.em.resetRecords();
        expect(await handlers.read(id, outs)).toEqual({
            id,
            props: outs,
            inputs: { user: inputs.user, scopes: inputs.scopes, renewBefore: "6h" },
        });
        expect(h.em.exchanges.map((e) => `${e.method} ${e.path}`)).toEqual(["GET /organizations/users"]);
    });

    it("reports the token gone when its user is gone", async () => {
        const { id, outs, inputs } = await issued();
        h.em.flat.removeUser(inputs.user);
        expect(await handlers.read(id, outs)).toEqual({});
    });
});

describe("update and delete", () => {
    it("changes renewBefore without a request", async () => {
        const { id, outs, inputs } = await issued();
        h.em.resetRecords();
        expect((await handlers.update(id, outs, { ...inputs, renewBefore: "1h" })).outs).toEqual({
            ...outs,
            renewBefore: "1h",
        });
        expect(h.em.exchanges).toHaveLength(0);
    });

    it("forgets the token with a warning that it stays valid until it expires, and makes no request", async () => {
        const { id, outs } = await issued();
        h.em.resetRecords();
        await handlers.delete(id, outs);
        expect(h.em.exchanges).toHaveLength(0);
        expect(warn).toHaveBeenCalledTimes(1);
        const message = warn.mock.calls[0][0] as string;
        expect(message).toContain(`stays valid until ${outs.expirationDate}`);
        expect(message).not.toContain(outs.token);
    });
});
