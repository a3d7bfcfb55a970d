/**
 * The program `edu-org export flat` writes: `flat-users.csv` (one row per account, read with
 * `roster.readCsv` into one `flat.OrganizationUsers`), and in `index.ts` the pending invitations,
 * LTI 1.1 credentials and LTI configurations, each adopted by its natural key. No secret is written:
 * the token comes from stack config, the initial password of new accounts too.
 */
import { settings } from "../../provider/core/config";
import type { FlatOrganization } from "./readFlat";
import { csv, GeneratedFile, plural, projectFiles, ResourceNames, tsValue } from "./project";

export const FLAT_USERS_CSV = "flat-users.csv";
const userColumns = ["username", "email", "firstname", "lastname", "role"] as const;

export function flatProgram(org: FlatOrganization, name: string, baseUrl: string): GeneratedFile[] {
    const organization = org.me.organization ?? "unknown";
    const description = `Flat for Education organization ${organization}, managed with pulumi-edu-org`;
    const rows = org.users.map((u) => ({
        username: u.username,
        email: u.email,
        firstname: u.firstname,
        lastname: u.lastname,
        role: u.organizationRole,
    }));
    return [
        ...projectFiles(name, description, { initialPassword: "the first password of accounts created later" }),
        { path: FLAT_USERS_CSV, content: csv(userColumns, rows) },
        { path: "index.ts", content: indexTs(org, baseUrl, organization) },
        { path: "README.md", content: readme(org, name, baseUrl) },
    ];
}

function indexTs(org: FlatOrganization, baseUrl: string, organization: string): string {
    const names = new ResourceNames();
    const out: string[] = [
        `// Flat for Education organization ${organization}, exported by \`edu-org export flat\` from ${baseUrl}.`,
        "// Every resource below adopts what exists: the first `pulumi up` writes nothing. From then on, edit",
        `// ${FLAT_USERS_CSV} and this file, and \`pulumi preview\` shows what a change will do. See README.md.`,
        'import * as path from "node:path";',
        'import * as pulumi from "@pulumi/pulumi";',
        'import { flat, roster } from "pulumi-edu-org";',
        "",
        "export = () => {",
        "    const cfg = new pulumi.Config();",
        "",
        `    // ${plural(org.users.length, "account")}, one row each in ${FLAT_USERS_CSV}. Existing usernames are adopted:`,
        "    // only a profile field that differs from Flat is ever written, never a password. initialPassword",
        "    // is sent only to create the account of a new row. A removed row is deleted with its scores",
        "    // (onRemove: or convertToIndividual, retain), at most flat:maxUserRemovals accounts per run.",
        '    new flat.OrganizationUsers("flat-users", {',
        `        users: roster.readCsv(path.join(__dirname, ${JSON.stringify(FLAT_USERS_CSV)})),`,
        '        initialPassword: cfg.requireSecret("initialPassword"),',
        "        adoptExisting: true,",
        '        onRemove: "delete",',
        "    });",
    ];
    const block = (comment: string, lines: string[]) => {
        if (lines.length) out.push("", `    // ${comment}`, ...lines);
    };
    const resource = (type: string, resourceName: string, args: object) => {
        const head = `    new flat.${type}(${JSON.stringify(resourceName)}, `;
        return `${head}${tsValue(args, "    ", head.length)});`;
    };
    block(
        "Pending invitations, adopted by email and role. Remove one to withdraw it.",
        org.invitations.map((i) =>
            resource("OrganizationInvitation", names.name("invitation", i.email), { ...i, adoptExisting: true }),
        ),
    );
    block(
        "LTI 1.1 credentials, adopted by consumer key: the LMS keeps its key and secret.",
        org.credentials.map((c) =>
            resource("LtiCredentials", names.name("lti-credentials", c.name ?? c.consumerKey ?? "lti"), {
                name: c.name,
                lms: c.lms,
                adoptConsumerKey: c.consumerKey,
            }),
        ),
    );
    block(
        "LTI configurations, adopted by id. Values that can change in place are updated; the others replace.",
        org.configurations.map((c) =>
            resource("LtiConfiguration", names.name("lti", c.platformName ?? c.deploymentType ?? c.name ?? c.mode), c),
        ),
    );
    out.push("};", "");
    return out.join("\n");
}

function readme(org: FlatOrganization, name: string, baseUrl: string): string {
    const counts = [
        `${plural(org.users.length, "account")} (\`${FLAT_USERS_CSV}\`)`,
        plural(org.invitations.length, "pending invitation"),
        plural(org.credentials.length, "LTI 1.1 credential pair"),
        plural(org.configurations.length, "LTI configuration"),
    ];
    const setBaseUrl =
        baseUrl === settings.flatBaseUrl.default ? [] : [`pulumi config set ${settings.flatBaseUrl.key} ${baseUrl}`];
    return [
        `# ${name}`,
        "",
        `The Flat for Education organization ${org.me.organization ?? ""} as a Pulumi program, written by`,
        "`edu-org export flat` (package `pulumi-edu-org`):",
        "",
        ...counts.map((c) => `- ${c}`),
        "",
        "Every resource adopts what already exists, so the first `pulumi up` sends no write to Flat and a",
        "`pulumi preview` after it shows no change.",
        "",
        "```sh",
        "npm install",
        "pulumi stack init dev",
        "pulumi config set --secret flat:accessToken <the organization admin's personal access token>",
        "pulumi config set --secret initialPassword <first password of accounts created later>",
        ...setBaseUrl,
        "pulumi up                          # adopts everything: 0 writes",
        "pulumi preview --expect-no-changes # passes",
        "```",
        "",
        "## Changing the organization",
        "",
        `- **Accounts**: edit \`${FLAT_USERS_CSV}\` (\`username,email,firstname,lastname,role\`; role is`,
        "  `user` for students, `teacher`, `admin` or `accountAdmin`). A changed cell is one update of that",
        "  account; a removed row deletes the account with its scores (`onRemove` in `index.ts`:",
        "  `convertToIndividual` or `retain` instead), at most `flat:maxUserRemovals` (default 10) per run.",
        "- **`initialPassword` is required to create new accounts.** No password was exported and adoption",
        "  never sends one: the existing accounts keep theirs. It is sent only when a new row creates an",
        "  account (per-account passwords: the `passwords` input of `flat.OrganizationUsers`).",
        "- **Invitations and LTI** are declared in `index.ts`. Changing an LTI credential's name or LMS",
        "  replaces it with a new consumer key: the LMS must then be updated (the preview warns).",
        "",
        "No secret was written into these files: the token and the initial password live in stack config",
        "(encrypted), LTI consumer secrets stay in Flat and in the LMS.",
        "",
        ...(org.notExported.length ? ["## Not exported", "", ...org.notExported.map((n) => `- ${n}`), ""] : []),
    ].join("\n");
}
