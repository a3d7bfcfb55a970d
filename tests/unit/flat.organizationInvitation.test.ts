import * as pulumi from "@pulumi/pulumi";
import { handlers, OrganizationInvitationOutputs } from "../../provider/flat/organizationInvitation";
import { handlers as users } from "../../provider/flat/organizationUser";
import { PROVIDER_VERSION } from "../../provider/core/dynamic";
import { lostResponse, useEmulator } from "../support/emulator";
import { lifecycle } from "../support/handlers";

const h = useEmulator();

const { created: invite, diffed } = lifecycle(handlers);

describe("check", () => {
    it.each([
        ["email", {}, /email is required/],
        ["email", { email: "it-at-school" }, /email must be an email address/],
        [
            "role",
            { email: "it@school.example", role: "user" },
            /role must be one of admin, teacher, accountAdmin; got "user"/,
        ],
    ])("rejects a bad %s before any request", async (property, news, reason) => {
        const r = await handlers.check({}, news);
        expect(r.failures).toEqual([{ property, reason: expect.stringMatching(reason) }]);
        expect(h.em.exchanges).toHaveLength(0);
    });

    it("defaults the role to teacher", async () => {
        expect((await handlers.check({}, { email: "t@school.example" })).inputs.role).toBe("teacher");
    });
});

describe("lifecycle", () => {
    it("creates an invitation whose join code and URL are outputs", async () => {
        const { id, outs } = await invite({ email: "it@school.example", role: "admin" });
        expect(h.em.flat.invitations().map((i) => i.id)).toEqual([id]);
        expect(outs).toMatchObject({
            email: "it@school.example",
            role: "admin",
            usedBy: [],
            appliedToExistingMember: false,
        });
        expect(outs.customCode).toEqual(expect.any(String));
        expect(outs.htmlUrl).toContain(outs.customCode!);
    });

    it("reports an invitation to an existing member as applied to that member", async () => {
        const member = await users.create(
            (
                await users.check(
                    {},
                    { username: "jchen", password: "secret-pass", email: "j.chen@school.example", role: "teacher" },
                )
            ).inputs,
        );
        const { outs } = await invite({ email: "j.chen@school.example", role: "admin" });
        expect(outs).toMatchObject({ appliedToExistingMember: true, usedBy: [member.id] });
        expect(h.em.flat.users()[0].organizationRole).toBe("admin");
    });

    it("warns in the preview when a replacement would change a known member's role instead of inviting", async () => {
        await users.create(
            (await users.check({}, { username: "jchen", password: "secret-pass", email: "j.chen@school.example" }))
                .inputs,
        );
        const { inputs, outs } = await invite({ email: "j.chen@school.example", role: "admin" });
        const warn = jest.spyOn(pulumi.log, "warn").mockResolvedValue();
        try {
            h.em.resetRecords();
            await handlers.diff("id", outs, { ...inputs, role: "teacher" });
            expect(warn.mock.calls.map(([m]) => m)).toEqual([
                `flat.OrganizationInvitation j.chen@school.example: this email belongs to organization member ${outs.usedBy[0]}: the new invitation changes that member's role to teacher instead of inviting`,
            ]);
            expect(h.em.exchanges).toHaveLength(0);
        } finally {
            warn.mockRestore();
        }
    });

    it("replaces on any change, deleting first when the address stays the same", async () => {
        const { inputs, outs } = await invite({ email: "it@school.example" });
        const stored = { ...outs, providerVersion: PROVIDER_VERSION } as OrganizationInvitationOutputs;
        expect(await diffed(stored, inputs)).toEqual([false, [], false]);
        expect(await diffed(stored, { ...inputs, role: "admin" })).toEqual([true, ["role"], true]);
        expect(await diffed(stored, { ...inputs, email: "new@school.example" })).toEqual([true, ["email"], false]);
    });

    it("reads through the list and returns nothing once the invitation is gone", async () => {
        const { id, outs } = await invite({ email: "it@school.example" });
        expect((await handlers.read(id, outs)).props).toMatchObject({ email: "it@school.example", role: "teacher" });
        await handlers.delete(id, outs);
        const { listCache } = await import("../../provider/core/listCache");
        listCache.drop();
        expect(await handlers.read(id, outs)).toEqual({});
    });

    it("treats deleting an invitation that is already gone as success", async () => {
        const { id, outs } = await invite({ email: "it@school.example" });
        await handlers.delete(id, outs);
        await expect(handlers.delete(id, outs)).resolves.toBeUndefined();
    });

    it("makes no duplicate when the create response is lost", async () => {
        h.em.faults.add(lostResponse("POST", "/organizations/invitations"));
        await invite({ email: "it@school.example" });
        expect(h.em.flat.invitations()).toHaveLength(1);
    });
});

describe("adoptExisting", () => {
    it("takes over a pending invitation with the same email and role without any write", async () => {
        const { id } = await invite({ email: "it@school.example", role: "admin" });
        const { listCache } = await import("../../provider/core/listCache");
        listCache.drop();
        h.em.resetRecords();
        const adopted = await invite({ email: "IT@school.example", role: "admin", adoptExisting: true });
        expect(adopted.id).toBe(id);
        expect(adopted.outs).toMatchObject({ email: "it@school.example", role: "admin", adoptExisting: true });
        expect(h.em.exchanges.map((e) => `${e.method} ${e.path}`)).toEqual(["GET /organizations/invitations"]);
        expect(h.em.flat.invitations()).toHaveLength(1);
    });

    it("sends a new invitation when only another role is pending for that email", async () => {
        const { id } = await invite({ email: "it@school.example", role: "teacher" });
        const adopted = await invite({ email: "it@school.example", role: "admin", adoptExisting: true });
        expect(adopted.id).not.toBe(id);
        expect(h.em.flat.invitations()).toHaveLength(2);
    });
});
