import * as pulumi from "@pulumi/pulumi";
import { handlers, label, UserSigninLinkOutputs } from "../../provider/flat/userSigninLink";
import { labelled } from "../../provider/core/errors";
import { PROVIDER_VERSION, UNKNOWN } from "../../provider/core/dynamic";
import { useEmulator } from "../support/emulator";
import { lifecycle } from "../support/handlers";

const h = useEmulator();
const { checked, diffed } = lifecycle(handlers);
const MINUTE = 60_000;

let warn: jest.SpyInstance;
const realNow = Date.now;
let offset = 0;
beforeEach(() => {
    warn = jest.spyOn(pulumi.log, "warn").mockResolvedValue(undefined);
});
afterEach(() => {
    jest.restoreAllMocks();
    offset = 0;
});

/** Moves the emulator's clock and the provider's (`Date.now`) forward together. */
function advance(ms: number) {
    h.em.flat.advanceTime(ms);
    offset += ms;
    if (!jest.isMockFunction(Date.now)) jest.spyOn(Date, "now").mockImplementation(() => realNow() + offset);
}

async function linked(extra: Record<string, unknown> = {}) {
    const user = h.em.flat.seedUsers([{ username: "kiosk-student" }])[0].id;
    const inputs = await checked({ user, ...extra });
    const r = await handlers.create(inputs);
    return { inputs, id: r.id, outs: { ...r.outs, providerVersion: PROVIDER_VERSION } as UserSigninLinkOutputs };
}

describe("check", () => {
    it.each([
        ["user", {}, /user is required/],
        [
            "destinationPath",
            { user: "u1", destinationPath: "class" },
            /destinationPath must be a path starting with \/; got "class"/,
        ],
        ["renewBefore", { user: "u1", renewBefore: "soon" }, /renewBefore must be a duration/],
    ])("rejects a bad %s before any request", async (property, news, reason) => {
        const r = await handlers.check({}, news);
        expect(r.failures).toEqual([{ property, reason: expect.stringMatching(reason) }]);
        expect(h.em.exchanges).toHaveLength(0);
    });

    it("defaults destinationPath to / and renewBefore to 15m", async () => {
        expect((await handlers.check({}, { user: UNKNOWN })).inputs).toEqual({
            user: UNKNOWN,
            destinationPath: "/",
            renewBefore: "15m",
        });
    });
});

describe("create", () => {
    it("issues a link that signs the user in and lands on the destination", async () => {
        const { id, inputs, outs } = await linked({ destinationPath: "/class" });
        expect(h.em.exchanges[0].requestBody).toEqual({ destinationPath: "/class" });
        expect(outs.url).toMatch(/^https:\/\/emulated-school\.flat\.io\/auth\/signin-link\/.+\?next=%2Fclass$/);
        expect(h.em.flat.signinLinkUser(outs.token!)).toBe(inputs.user);
        expect(outs).toMatchObject({
            user: inputs.user,
            destinationPath: "/class",
            renewBefore: "15m",
            expirationDate: expect.any(String),
        });
        // The id is a digest: it neither is nor contains the URL or the token.
        expect(id).toMatch(/^[0-9a-f]{16}$/);
        expect(outs.url).not.toContain(id);
    });

    it("fails naming the user when they are not a member", async () => {
        const inputs = await checked({ user: "000000000000000000000000" });
        await expect(labelled(label, handlers).create(inputs)).rejects.toThrow(
            "flat.UserSigninLink 000000000000000000000000: create: user 000000000000000000000000 is not a member of the organization",
        );
    });
});

describe("diff and renewal", () => {
    it("replaces on a change of user or destination, updates renewBefore in place", async () => {
        const { inputs, outs } = await linked();
        expect(await diffed(outs, inputs)).toEqual([false, [], false]);
        expect((await handlers.diff("id", outs, { ...inputs, destinationPath: "/library" })).replaces).toEqual([
            "destinationPath",
        ]);
        expect((await handlers.diff("id", outs, { ...inputs, user: "other" })).replaces).toEqual(["user"]);
        expect(await diffed(outs, { ...inputs, renewBefore: "5m" })).toEqual([true, [], false]);
    });

    it("replaces a link within renewBefore of its expiry, offline, with a new link", async () => {
        const { id, inputs, outs } = await linked();
        h.em.resetRecords();
        advance(40 * MINUTE); // 20 min left of the emulator's 1 h
        expect((await handlers.diff("id", outs, inputs)).changes).toBe(false);
        advance(10 * MINUTE); // 10 min left
        expect((await handlers.diff("id", outs, inputs)).replaces).toEqual(["expirationDate"]);
        expect(h.em.exchanges).toHaveLength(0);
        const renewed = await handlers.create(inputs);
        expect(renewed.outs.url).not.toBe(outs.url);
        expect(renewed.id).not.toBe(id);
    });
});

describe("read, update and delete", () => {
    it("keeps the state while the user is a member and reports it gone with the user", async () => {
        const { id, inputs, outs } = await linked();
        expect((await handlers.read(id, outs)).props).toEqual(outs);
        h.em.flat.removeUser(inputs.user);
        const { listCache } = await import("../../provider/core/listCache");
        listCache.drop();
        expect(await handlers.read(id, outs)).toEqual({});
    });

    it("changes renewBefore without a request", async () => {
        const { id, inputs, outs } = await linked();
        h.em.resetRecords();
        expect((await handlers.update(id, outs, { ...inputs, renewBefore: "30m" })).outs.renewBefore).toBe("30m");
        expect(h.em.exchanges).toHaveLength(0);
    });

    it("forgets the link with a warning and no request; the warning holds neither URL nor token", async () => {
        const { id, outs } = await linked();
        h.em.resetRecords();
        await handlers.delete(id, outs);
        expect(h.em.exchanges).toHaveLength(0);
        const message = warn.mock.calls[0][0] as string;
        expect(message).toMatch(/forgotten, not revoked.*stays valid until/);
        expect(message).not.toContain(outs.url);
        expect(message).not.toContain(outs.token!);
    });
});
