// What the example programs expect to find, set up once for every test that runs them.
import type { Emulator } from "../../emulator";
import { exportRows } from "../../examples/district/sisExport";
import { grade9, headOfScience, itAdmin, teachers } from "../../examples/edubase-staff/roster";
import { secret } from "./secrets";

export const STAFF_ORGANIZATIONS = ["ORG_MATH", "ORG_PHYSICS"];

/**
 * Seeds examples/edubase-staff's world into the emulator: both organizations with their `Heads` and
 * `Grade 9` departments, and every user of the roster. Returns the stack config the program reads.
 */
export function seedEdubaseStaff(em: Emulator): Record<string, unknown> {
    const api = em.edubase!;
    for (const org of STAFF_ORGANIZATIONS) {
        api.seedOrganization({ organization: org, name: org });
        api.seedDepartment(org, "Heads", { permissionOrganization: "supervisor", permissionContent: "control" });
        api.seedDepartment(org, "Grade 9", { permissionOrganization: "member", permissionContent: "view" });
    }
    for (const user of [...teachers.map((t) => t.user), headOfScience, itAdmin, ...grade9])
        api.seedUser({ user, name: user });
    return {
        "edubase:app": api.credentials.app,
        "edubase:secret": secret(api.credentials.secret),
        "edubase:apiUrl": em.edubaseUrl,
        // Destroy removes all 56 memberships: more than the default budget of 25, raised as a user would.
        "edubase:maxMembershipRemovals": "60",
        mathOrganization: STAFF_ORGANIZATIONS[0],
        physicsOrganization: STAFF_ORGANIZATIONS[1],
    };
}

export const DISTRICT_ORGANIZATION = "ORG_DISTRICT";

/**
 * Seeds examples/district's EduBase world: its organization and every user code the 2026 and 2027
 * exports name (again after a reset is harmless). Returns the stack config the program reads, its
 * export folder `sisExport`.
 */
export function seedDistrict(
    em: Emulator,
    sisExport: string,
    passwords: { readonly student: string; readonly staff: string },
): Record<string, unknown> {
    const api = em.edubase!;
    api.seedOrganization({ organization: DISTRICT_ORGANIZATION, name: "Riverside Unified" });
    for (const year of [2026, 2027])
        for (const r of exportRows(year)) {
            const code = /\{EduBase:([^}]+)\}/.exec(r.userIds)?.[1];
            if (code && !api.user(code)) api.seedUser({ user: code, name: `${r.givenName} ${r.familyName}` });
        }
    return {
        "flat:accessToken": secret(em.flatToken),
        "flat:baseUrl": em.flatUrl,
        "edubase:app": api.credentials.app,
        "edubase:secret": secret(api.credentials.secret),
        "edubase:apiUrl": em.edubaseUrl,
        studentInitialPassword: secret(passwords.student),
        staffInitialPassword: secret(passwords.staff),
        edubaseOrganization: DISTRICT_ORGANIZATION,
        sisExport,
    };
}
