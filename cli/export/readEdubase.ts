/**
 * Reads what `edu-org export edubase` writes out, with the package's own EduBase client (same HTTP
 * layer as the provider): the members of each organization. Everything is read before anything is
 * written, so a failing request leaves no file behind.
 */
import { EdubaseClient, Me, Member } from "../../provider/edubase/client";
import type { Progress } from "./progress";

export interface EdubaseOrganizationMembers {
    readonly organization: string;
    readonly name: string;
    /** Sorted by user code, without the application's own account. */
    readonly members: readonly Member[];
}

export interface EdubaseMemberships {
    /** The account the application acts for: not exported, so a program never removes its own access. */
    readonly me: Me;
    readonly organizations: readonly EdubaseOrganizationMembers[];
    readonly notExported: readonly string[];
}

/** `organizations` empty: every organization the application manages. */
export async function readEdubaseMemberships(
    client: EdubaseClient,
    organizations: readonly string[],
    progress: Progress,
): Promise<EdubaseMemberships> {
    const me = await client.me();
    const codes = organizations.length ? organizations : (await client.allOrganizations()).map((o) => o.organization);
    progress.start("EduBase organizations", codes.length);
    const read: EdubaseOrganizationMembers[] = [];
    let ownMemberships = 0;
    // One after the other: EduBase's limit is global, and a few organizations take a few requests.
    for (const organization of codes) {
        const found = await client.getOrganization(organization);
        const members = found && (await client.listOrganizationMembers(organization));
        if (!found || !members) {
            // EduBase answers 403 both for an unknown code and for one the application may not manage.
            throw new Error(
                `EduBase organization ${organization}: not found, or this application may not manage it (EduBase answers the same for both)`,
            );
        }
        const others = members.filter((m) => m.user !== me.user);
        ownMemberships += members.length - others.length;
        read.push({
            organization,
            name: found.name,
            members: [...others].sort((a, b) => a.user.localeCompare(b.user)),
        });
        progress.advance(1);
    }
    progress.stop();
    const notExported = ownMemberships
        ? [
              `the memberships of the application's own account (${me.user}) in ${ownMemberships} organization${ownMemberships > 1 ? "s" : ""}, so that the program never removes its own access`,
          ]
        : [];
    return { me, organizations: read, notExported };
}
