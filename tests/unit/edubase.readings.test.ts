// The EduBase resources under every reading of what EduBase's documentation leaves open (the
// emulator's `readings`) and under both list shapes: whatever EduBase does, what the provider records
// is what EduBase reports, a second run writes nothing, and removing a non-member succeeds.
import { Handlers, PROVIDER_VERSION } from "../../provider/core/dynamic";
import * as member from "../../provider/edubase/organizationMember";
import * as members from "../../provider/edubase/organizationMembers";
import * as userOrgs from "../../provider/edubase/userOrganizations";
import { useEdubase } from "../support/edubase";
import { describeEachReading } from "../support/edubaseReadings";
import { minus } from "../../provider/edubase/membership";
import { lifecycle } from "../support/handlers";

describeEachReading((readings) => {
    const e = useEdubase({ readings });
    const writes = () => e.h.em.exchanges.filter((x) => x.method !== "GET");
    const teacher = { permissionOrganization: "teacher", permissionContent: "modify" };

    beforeAll(() => {
        e.api.seedOrganization({ organization: "ORG_A", name: "A" });
        e.api.seedOrganization({ organization: "ORG_B", name: "B" });
        for (const o of ["ORG_A", "ORG_B"])
            e.api.seedDepartment(o, "Heads", { permissionOrganization: "supervisor", permissionContent: "control" });
        for (const u of ["U1", "U2", "U3", "U4"]) e.api.seedUser({ user: u, name: u });
    });

    /** Created in one run; the next run starts with the engine's view of it. */
    async function createdThenNextRun<I extends object, O extends object>(
        handlers: Handlers<I, O>,
        news: Record<string, unknown>,
    ) {
        const r = await lifecycle(handlers).created(news);
        e.newRun();
        e.h.em.resetRecords();
        return r;
    }

    /** A second up with the same program: diff says no change, and nothing is sent. */
    async function convergesWithoutWrites<I extends object, O extends object>(
        handlers: Handlers<I, O>,
        id: string,
        outs: O,
        news: object,
    ) {
        const checked = await lifecycle(handlers).checked(news as Record<string, unknown>);
        expect((await handlers.diff(id, outs, checked)).changes).toBe(false);
        expect(writes()).toEqual([]);
    }

    it("OrganizationMember, OrganizationMembers and UserOrganizations converge, and refresh shows no drift", async () => {
        const one = await createdThenNextRun(member.handlers, { organization: "ORG_A", user: "U1", ...teacher });
        await convergesWithoutWrites(member.handlers, one.id, one.outs, one.inputs);
        expect((await member.handlers.read(one.id, one.outs)).props).toEqual(
            Object.fromEntries(Object.entries(one.outs).filter(([k]) => k !== "providerVersion")),
        );

        const set = await createdThenNextRun(members.handlers, {
            organizations: ["ORG_A", "ORG_B"],
            users: ["U2", "U3"],
        });
        await convergesWithoutWrites(members.handlers, set.id, set.outs, set.inputs);
        expect((await members.handlers.read(set.id, set.outs)).props?.users).toEqual(["U2", "U3"]);

        const uo = await createdThenNextRun(userOrgs.handlers, { user: "U4", organizations: ["ORG_A", "ORG_B"] });
        await convergesWithoutWrites(userOrgs.handlers, uo.id, uo.outs, uo.inputs);
        expect((await userOrgs.handlers.read(uo.id, uo.outs)).props?.organizations).toEqual(["ORG_A", "ORG_B"]);
        expect(e.warnings).toEqual([]);
    });

    it("records the department EduBase keeps or clears, says so once, and does not write again", async () => {
        for (const o of ["ORG_A", "ORG_B"])
            e.api.setMembership(o, "U1", {
                department: "Heads",
                permission: { organization: "supervisor", content: "control" },
            });
        const one = await createdThenNextRun(member.handlers, { organization: "ORG_A", user: "U1", ...teacher });
        const set = await createdThenNextRun(members.handlers, {
            organizations: ["ORG_B"],
            users: ["U1", "U2"],
            ...teacher,
        });
        const kept = readings.explicitLevelsOnDepartment === "keep";
        expect(e.api.membership("ORG_A", "U1")?.department).toBe(kept ? "Heads" : null);
        // What EduBase has, not what was asked.
        expect(one.outs).toMatchObject(
            kept
                ? {
                      department: "Heads",
                      permissionOrganization: "supervisor",
                      permissionContent: "control",
                      notApplied: { department: "Heads", ...teacher },
                  }
                : { ...teacher },
        );
        expect(one.outs.department).toBe(kept ? "Heads" : undefined);
        expect(set.outs.users).toEqual(kept ? ["U2"] : ["U1", "U2"]);
        expect(e.warnings).toEqual(
            kept
                ? [
                      expect.stringMatching(
                          /^edubase\.OrganizationMember ORG_A\/U1: create: EduBase keeps U1 in department "Heads" of ORG_A over the declared levels teacher\/modify, which are not applied.*Move the user out of the department in EduBase/,
                      ),
                      expect.stringMatching(
                          /: create: EduBase did not take 1 listed user as declared: U1 \(ORG_B: kept in department "Heads"\)/,
                      ),
                  ]
                : [],
        );
        e.warnings.splice(0);
        await convergesWithoutWrites(member.handlers, one.id, one.outs, one.inputs);
        await convergesWithoutWrites(members.handlers, set.id, set.outs, set.inputs);
        // A refresh keeps the declaration: still no change.
        const refreshed = await member.handlers.read(one.id, one.outs);
        const stored = { ...refreshed.props!, providerVersion: PROVIDER_VERSION } as typeof refreshed.props & object;
        await convergesWithoutWrites(member.handlers, one.id, stored, one.inputs);
        expect(e.warnings).toHaveLength(kept ? 3 : 0);
    });

    it("names an unknown user code: an error when EduBase refuses the write, a warning and an output without it when it skips it", async () => {
        const news = await lifecycle(members.handlers).checked({ organizations: ["ORG_A"], users: ["U2", "GHOST"] });
        if (readings.unknownCodeInList === "refuse") {
            await expect(members.handlers.create(news)).rejects.toThrow(/GHOST/);
            await expect(
                member.handlers.create(
                    await lifecycle(member.handlers).checked({ organization: "ORG_A", user: "GHOST" }),
                ),
            ).rejects.toThrow(/403 INVALID_USER/);
            return;
        }
        const { id, outs } = await members.handlers.create(news);
        expect(outs).toMatchObject({ users: ["U2"], notApplied: ["GHOST"] });
        expect(e.warnings).toEqual([
            expect.stringMatching(/did not take 1 listed user as declared: GHOST \(ORG_A: not a member/),
        ]);
        // The next up does not silently retry it: no write, a warning in the preview.
        e.newRun();
        e.h.em.resetRecords();
        e.warnings.splice(0);
        await convergesWithoutWrites(
            members.handlers,
            id,
            { ...outs, providerVersion: PROVIDER_VERSION } as typeof outs,
            news,
        );
        expect(e.warnings).toEqual([expect.stringMatching(/\(GHOST\) is not written again/)]);
        await expect(
            member.handlers.create(await lifecycle(member.handlers).checked({ organization: "ORG_A", user: "GHOST" })),
        ).rejects.toThrow(/ORG_A's member list does not have GHOST: the user code is unknown to EduBase/);
    });

    /**
     * A UserOrganizations write of which EduBase takes all but `notTaken` (each with why): named once,
     * left out of organizations; the next up neither writes them again nor keeps quiet about them, a
     * refresh keeps them out, and dropping them from the program sends nothing.
     */
    async function userOrganizationsLeaveOut(organizations: string[], notTaken: [string, string][]) {
        const news = { user: "U4", organizations, ...teacher };
        const codes = notTaken.map(([o]) => o);
        const uo = await createdThenNextRun(userOrgs.handlers, news);
        expect(uo.outs.organizations).toEqual(minus(organizations, codes));
        expect(uo.outs.notApplied).toEqual(codes.length ? codes : undefined);
        const n = codes.length === 1 ? "1 listed organization" : `${codes.length} listed organizations`;
        expect(e.warnings).toEqual(
            codes.length
                ? [
                      `edubase.UserOrganizations U4: create: EduBase did not take ${n} as declared: ${notTaken.map(([o, why]) => `${o} (${why})`).join(", ")}. They are left out of the organizations output and not written again until the program changes them`,
                  ]
                : [],
        );
        e.warnings.splice(0);
        await convergesWithoutWrites(userOrgs.handlers, uo.id, uo.outs, uo.inputs);
        expect(e.warnings).toEqual(
            codes.length
                ? [
                      `edubase.UserOrganizations U4: ${n} EduBase did not take as declared at the last write (${codes.join(", ")}) ${codes.length > 1 ? "are" : "is"} not written again; correct the codes or the departments in EduBase`,
                  ]
                : [],
        );
        const refreshed = await userOrgs.handlers.read(uo.id, uo.outs);
        expect(refreshed.props).toMatchObject({ organizations: uo.outs.organizations, notApplied: uo.outs.notApplied });
        await convergesWithoutWrites(
            userOrgs.handlers,
            uo.id,
            { ...refreshed.props!, providerVersion: PROVIDER_VERSION } as typeof uo.outs,
            uo.inputs,
        );
        const fewer = await lifecycle(userOrgs.handlers).checked({
            ...news,
            organizations: minus(organizations, codes),
        });
        const { outs } = await userOrgs.handlers.update(uo.id, uo.outs, fewer);
        expect(writes()).toEqual([]);
        expect(outs).toMatchObject({ organizations: fewer.organizations, notApplied: undefined });
    }

    it("UserOrganizations: a department EduBase keeps over explicit levels is left out, and not written again", async () => {
        e.api.setMembership("ORG_B", "U4", {
            department: "Heads",
            permission: { organization: "supervisor", content: "control" },
        });
        await userOrganizationsLeaveOut(
            ["ORG_A", "ORG_B"],
            readings.explicitLevelsOnDepartment === "keep" ? [["ORG_B", 'kept in department "Heads"']] : [],
        );
    });

    it("UserOrganizations: an unknown organization is named in an error, or skipped, left out and not written again", async () => {
        const news = { user: "U4", organizations: ["ORG_A", "NOPE"], ...teacher };
        if (readings.unknownCodeInList === "skip")
            return userOrganizationsLeaveOut(news.organizations, [
                ["NOPE", "EduBase refuses it and its member list: an unknown code, skipped"],
            ]);
        await expect(userOrgs.handlers.create(await lifecycle(userOrgs.handlers).checked(news))).rejects.toThrow(
            /^edubase\.UserOrganizations U4: create: EduBase refused the write \(EduBase API POST \/user:organizations failed: 403 INVALID_ORGANIZATION.*\): it does not know \(or this integration may not manage\) NOPE\./,
        );
    });

    it("OrganizationMembers: an organization EduBase does not take fails the write, naming it", async () => {
        const news = await lifecycle(members.handlers).checked({ organizations: ["ORG_A", "NOPE"], users: ["U2"] });
        await expect(members.handlers.create(news)).rejects.toThrow(
            readings.unknownCodeInList === "refuse"
                ? /: create: EduBase refused the write \(.*\): it does not know \(or this integration may not manage\) NOPE\./
                : /: create: EduBase answered the write with success, but refuses NOPE and its member list \(.*403 INVALID_ORGANIZATION.*\): the organization code is unknown to EduBase/,
        );
    });

    it("removes a user who is no longer a member without failing", async () => {
        const set = await createdThenNextRun(members.handlers, { organizations: ["ORG_A"], users: ["U2", "U3"] });
        e.api.setMembership("ORG_A", "U3", undefined);
        await members.handlers.delete(set.id, set.outs);
        expect([e.api.membership("ORG_A", "U2"), e.api.membership("ORG_A", "U3")]).toEqual([undefined, undefined]);
        const uo = await createdThenNextRun(userOrgs.handlers, { user: "U4", organizations: ["ORG_A", "ORG_B"] });
        e.api.setMembership("ORG_B", "U4", undefined);
        await userOrgs.handlers.delete(uo.id, uo.outs);
        expect(e.api.membership("ORG_A", "U4")).toBeUndefined();
    });
});
