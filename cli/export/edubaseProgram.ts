/**
 * The program `edu-org export edubase` writes: one CSV per organization (`user,name,department,
 * permissionOrganization,permissionContent`, one row per member), read with `roster.readMemberships`
 * into one `edubase.OrganizationMembers` per department or permission pair. No secret is written: the
 * application's credentials come from stack config.
 */
import { settings } from "../../provider/core/config";
import type { Member } from "../../provider/edubase/client";
import type { EdubaseMemberships } from "./readEdubase";
import { csv, GeneratedFile, plural, projectFiles, tsValue } from "./project";

const memberColumns = ["user", "name", "department", "permissionOrganization", "permissionContent"] as const;

/** `edubase-<code>.csv`; codes hold no comma, slash or space, anything else unusual in a file name is replaced. */
export function membersFile(organization: string): string {
    return `edubase-${organization.replace(/[^\w.-]/g, "_")}.csv`;
}

export function edubaseProgram(data: EdubaseMemberships, name: string, apiUrl: string): GeneratedFile[] {
    const files = data.organizations.map((o) => ({
        path: membersFile(o.organization),
        content: csv(memberColumns, o.members.map(row)),
    }));
    const codes = data.organizations.map((o) => o.organization).join(", ");
    return [
        ...projectFiles(name, `EduBase memberships in ${codes}, managed with pulumi-edu-org`, {}),
        ...files,
        { path: "index.ts", content: indexTs(data, apiUrl) },
        { path: "README.md", content: readme(data, name, apiUrl) },
    ];
}

/** A department's members get its levels from the department: only one of the two is written. */
function row(m: Member): Record<string, string | undefined> {
    return m.department !== null
        ? { user: m.user, name: m.name, department: m.department }
        : {
              user: m.user,
              name: m.name,
              permissionOrganization: m.permissionOrganization,
              permissionContent: m.permissionContent,
          };
}

function indexTs(data: EdubaseMemberships, apiUrl: string): string {
    const files = Object.fromEntries(data.organizations.map((o) => [o.organization, membersFile(o.organization)]));
    return [
        `// EduBase memberships, exported by \`edu-org export edubase\` from ${apiUrl}.`,
        "// Every set below adopts the memberships that exist (adoptExisting): the first `pulumi up` writes",
        "// nothing. From then on, edit the CSV files; `pulumi preview` shows what a change will do. See README.md.",
        'import * as path from "node:path";',
        'import { edubase, roster } from "pulumi-edu-org";',
        "",
        "/** Each organization's members, one row per user with a department or a pair of permission levels. */",
        `const organizations: Record<string, string> = ${tsValue(files)};`,
        "",
        "export = () => {",
        "    for (const [organization, file] of Object.entries(organizations)) {",
        "        // One set per department and per permission pair: a user moved between two is never left out.",
        "        for (const { key, users, ...membership } of roster.readMemberships(path.join(__dirname, file))) {",
        "            new edubase.OrganizationMembers(`${organization}/${key}`, {",
        "                organizations: [organization],",
        "                users,",
        "                ...membership,",
        "                adoptExisting: true,",
        "            });",
        "        }",
        "    }",
        "};",
        "",
    ].join("\n");
}

function readme(data: EdubaseMemberships, name: string, apiUrl: string): string {
    const setApiUrl =
        apiUrl === settings.edubaseApiUrl.default ? [] : [`pulumi config set ${settings.edubaseApiUrl.key} ${apiUrl}`];
    return [
        `# ${name}`,
        "",
        "EduBase organization memberships as a Pulumi program, written by `edu-org export edubase`",
        "(package `pulumi-edu-org`):",
        "",
        ...data.organizations.map(
            (o) =>
                `- \`${membersFile(o.organization)}\`: ${o.organization} (${o.name}), ${plural(o.members.length, "member")}`,
        ),
        "",
        "Every set adopts the memberships that exist, so the first `pulumi up` sends no write to EduBase",
        "and a `pulumi preview` after it shows no change.",
        "",
        "```sh",
        "npm install",
        "pulumi stack init dev",
        "pulumi config set edubase:app <application id>",
        "pulumi config set --secret edubase:secret <application secret>",
        ...setApiUrl,
        "pulumi up                          # adopts everything: 0 writes",
        "pulumi preview --expect-no-changes # passes",
        "```",
        "",
        "## Changing memberships",
        "",
        "Edit a CSV file: one row per member, `user` (the EduBase user code) and either a `department` (which",
        "carries its own permission levels) or `permissionOrganization` (member, teacher, reporter,",
        "supervisor, admin) and `permissionContent` (none, view, report, control, modify, grant, admin).",
        "`name` is there for reading only. A new row adds the user, a changed one updates the membership,",
        "a removed one removes it: at most `edubase:maxMembershipRemovals` (default 25) per run.",
        "",
        "No secret was written into these files: the application's secret lives in stack config (encrypted).",
        "",
        ...(data.notExported.length ? ["## Not exported", "", ...data.notExported.map((n) => `- ${n}`), ""] : []),
    ].join("\n");
}
