// examples/school under the mock engine, which executes each serialized `__provider` against the
// emulator: up → up again changes nothing (the report's functions are its only requests) → refresh
// shows no change → the reporting token, once within renewBefore of its expiry, is replaced by the
// next up with a different token → destroy leaves nothing Pulumi can remove.
import { outerGlobal } from "../support/loadProvider";
import { SCHOOL, schoolResourceRequests } from "../support/examples";
import { useSchoolEngine } from "../support/schoolEngine";
import { findLeaks } from "../support/secrets";
import program = require("../../examples/school");
import { students, teachers } from "../../examples/school/roster";

const HOUR = 3_600_000;
const school = useSchoolEngine({ canvasClientId: SCHOOL.canvasClientId });
const resourceRequests = () => schoolResourceRequests(school.em);

test("up, up again, refresh, token renewal by replacement, destroy", async () => {
    const { em, engine } = school;
    const outputs = (await engine.up(program)) as Record<string, any>;
    expect(engine.lastRun.errors).toEqual([]);
    expect(engine.lastOps.every((o) => o.op === "create")).toBe(true);

    const lti = em.flat.ltiConfigurations().find((c) => c.ltiVersion === "1p3")!;
    expect(lti).toMatchObject({
        mode: "1p3-manual",
        platformIss: "https://canvas.instructure.com",
        clientId: SCHOOL.canvasClientId,
    });
    const bot = em.flat.users().find((u) => u.username === "reporting-bot")!;
    const token = engine.findCreatedResource("flat:UserAccessToken", "reporting-job");
    expect(em.flat.accessTokens()).toEqual([
        expect.objectContaining({ userId: bot.id, token: token.props.token, scopes: ["edu.admin.users.readonly"] }),
    ]);
    // The report read the organization after the roster was applied.
    expect(await resolve(outputs.report.teachers)).toBe(teachers.length);
    expect(await resolve(outputs.report.studentsWithoutLicense)).toBe(students.length);
    expect(await resolve(outputs.report.adminIds)).toEqual([bot.id]);

    em.resetRecords();
    await settle(engine.up(program));
    expect(engine.lastOps.every((o) => o.op === "same")).toBe(true);
    expect(resourceRequests()).toEqual([]);

    await engine.refresh();
    expect(engine.lastOps.filter((o) => o.changed || o.gone)).toEqual([]);

    // 19 h later (the emulator's tokens live 24 h, renewBefore is 6 h), on both clocks.
    em.flat.advanceTime(19 * HOUR);
    const hostDate = outerGlobal().Date;
    const realNow = hostDate.now.bind(hostDate);
    const clock = jest.spyOn(hostDate, "now").mockImplementation(() => realNow() + 19 * HOUR);
    try {
        await settle(engine.preview(program));
        expect(engine.lastOps.filter((o) => o.op !== "same").map((o) => `${o.op}:${o.name}`)).toEqual([
            "replace:reporting-job",
        ]);
        em.resetRecords();
        await settle(engine.up(program));
        expect(engine.lastRun.errors).toEqual([]);
        expect(engine.lastOps.filter((o) => o.op !== "same").map((o) => `${o.op}:${o.name}`)).toEqual([
            "replace:reporting-job",
        ]);
        const renewed = engine.findCreatedResource("flat:UserAccessToken", "reporting-job");
        expect(renewed.props.token).not.toBe(token.props.token);
        expect(resourceRequests().map((e) => `${e.method} ${e.path}`)).toEqual([
            `POST /organizations/users/${bot.id}/accessToken`,
        ]);
        // The replaced token was forgotten with a warning, not revoked (Flat cannot).
        expect(engine.lastRun.logs.map((l) => l.message)).toContainEqual(
            expect.stringMatching(/forgotten, not revoked/),
        );
    } finally {
        clock.mockRestore();
    }

    const consumerSecret = engine.findCreatedResource("flat:LtiCredentials", "canvas").props.consumerSecret as string;
    await engine.destroy();
    expect(engine.lastRun.errors).toEqual([]);
    expect(em.flat.users()).toEqual([]);
    expect(em.flat.ltiConfigurations()).toEqual([]);
    const secrets = [em.flatToken, SCHOOL.initialPassword, token.props.token, consumerSecret];
    expect(findLeaks(engine.messages.join("\n") + engine.stateText(), secrets)).toEqual([]);
});

/** Waits for the report of a run: its functions call the emulator after the run itself has ended. */
async function settle(run: Promise<unknown>): Promise<void> {
    const outputs = (await run) as { report: Record<string, unknown> };
    await Promise.all(Object.values(outputs.report).map(resolve));
}

function resolve<T>(o: { apply(f: (v: T) => void): unknown } | T): Promise<T> {
    return new Promise((r) => (typeof o === "object" && o !== null && "apply" in o ? o.apply(r) : r(o)));
}
